/** Validation limits shared by zod schemas, the UI and the server. */

/** Limits on a letter's own fields. */
export const LetterLimits = {
  maxTitleLength: 200,
} as const;


/**
 * Limits on a letter's body (its Yjs document), enforced on the sync socket before an edit is
 * applied or stored, and again by the export for letters stored before the limits existed.
 */
export const LetterBodyLimits = {
  /**
   * Largest size of the body's content: characters of text plus a fixed weight per element,
   * attribute and mark (see `server/collab/bodyLimits.ts`). 600,000 is about 250 printed pages of
   * text: a real advocacy letter is 3-15 pages, so this leaves room for long appendices while the
   * largest letter still exports in seconds. An edit that would go beyond it is refused.
   */
  maxContentSize: 600_000,
  /**
   * Deepest nesting of elements (paragraphs in list items in lists in quotes...). The editor's
   * deepest real structure is a list nested a dozen levels; exporting walks the tree, so a body
   * nested thousands deep could not be exported.
   */
  maxNestingDepth: 48,
} as const;

/**
 * Limits on exports (DOCX and PDF), which run in worker threads off the server's event loop, so
 * that one export never holds up anyone's typing or other requests.
 */
export const ExportLimits = {
  /** Exports running at once on one server (each in its own worker thread, using one core). */
  maxConcurrent: 2,
  /** Exports waiting for a free worker; when this many wait, the next one is refused with 503. */
  maxQueued: 8,
  /** Time one export may take (the largest letter allowed takes a few seconds); then its worker is ended. */
  timeoutMs: 60_000,
  /** Seconds a refused export is told to wait before trying again (`Retry-After`). */
  retryAfterSeconds: 10,
  /** Memory one export worker may use (MiB of heap); an export that needs more fails cleanly. */
  maxWorkerHeapMb: 512,
  /**
   * Largest stored body (snapshot and logged edits, in bytes) an export reads at all: far above
   * what the largest letter allowed takes with its history, so only letters stored before the
   * limits existed reach it; they are refused without being replayed.
   */
  maxStoredBytes: 16 * 1024 * 1024,
} as const;
