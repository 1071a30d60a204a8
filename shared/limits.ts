/** Validation limits shared by zod schemas, the UI and the server. */

/** Limits on a letter's own fields. */
export const LetterLimits = {
  maxTitleLength: 200,
} as const;

/**
 * Limits on a letter's sync sockets, so that one account cannot take a letter away from the
 * others: by opening sockets, by announcing presence, or by asking for the document over and over.
 */
export const SyncLimits = {
  /** Sockets one account may hold open on one letter (counted per server instance): tabs and devices. */
  maxSocketsPerAccountPerLetter: 10,
  /** Bytes of one presence (awareness) state as JSON: a name, a colour and a caret take a few hundred. */
  maxPresenceStateBytes: 4 * 1024,
  /** Presence client ids one socket may announce in its lifetime: a provider announces exactly one. */
  maxPresenceIdsPerSocket: 1,
  /** Requests for the document (SyncStep1) a socket may make at once; a provider makes one per connection. */
  syncRequestBurst: 4,
  /** Past the burst, one more request for the document is answered this often; the latest waiting one is answered when due. */
  syncRequestIntervalMs: 10_000,
  /** Requests for everyone's presence (query awareness) a socket may make at once; stock providers make none. */
  presenceQueryBurst: 8,
  /** Past the burst, one more presence query is answered this often; the latest waiting one is answered when due. */
  presenceQueryIntervalMs: 1_000,
} as const;

/** How many events a key may have in a sliding window before it must wait. */
export interface RateLimit {
  /** Events allowed in the window; the next one waits. */
  readonly max: number;
  /** The window's length in milliseconds. */
  readonly windowMs: number;
}

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Throttles on requests that create accounts or letters and on guesses (passwords, join codes).
 * Past a limit the API answers 429 with `Retry-After` and says when to try again. Counted per
 * client address (behind TRUSTED_PROXIES, the forwarded client) and per account, shared between
 * instances through Redis. Sized so that a workshop of 30 signing up and joining from one
 * clinic's address within minutes never meets them.
 */
export const RequestLimits = {
  /** Sign-ups from one address per hour: a whole workshop from one clinic's network, twice over. */
  signupsPerAddress: { max: 60, windowMs: HOUR_MS },
  /** Letters one account creates per hour: one a minute, sustained, is more than anyone drafts. */
  lettersPerAccount: { max: 60, windowMs: HOUR_MS },
  /**
   * Join-code attempts by one account in 15 minutes, right or wrong (a join link opened again
   * counts): a few typos and reloads, never a search of the 31^6 codes.
   */
  joinAttemptsPerAccount: { max: 20, windowMs: 15 * MINUTE_MS },
  /** Join-code attempts from one address in 15 minutes: 30 participants behind one address, three tries each. */
  joinAttemptsPerAddress: { max: 100, windowMs: 15 * MINUTE_MS },
  /** Failed sign-ins to one account from one address in 15 minutes; past it that address waits for that account only. */
  signInFailuresPerAccountAddress: { max: 5, windowMs: 15 * MINUTE_MS },
  /** Failed sign-ins from one address, whatever the accounts, in 15 minutes. */
  signInFailuresPerAddress: { max: 20, windowMs: 15 * MINUTE_MS },
  /**
   * Failed sign-ins to one account from all addresses in 15 minutes (NIST SP 800-63B's ceiling of
   * 100): past it only addresses that signed in to the account before may still try.
   */
  signInFailuresPerAccount: { max: 100, windowMs: 15 * MINUTE_MS },
  /** How long an address that signed in to an account stays known to it (exempt from the per-account ceiling). */
  knownSignInAddress: { max: 1, windowMs: 30 * 24 * HOUR_MS },
} as const satisfies Record<string, RateLimit>;

/** The name of one of RequestLimits. */
export type RequestLimitName = keyof typeof RequestLimits;

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
  /**
   * Exports one account may have running or waiting on one server at once: a person exports one
   * letter at a time (two, for a DOCX and a PDF together), so nobody can fill the queue alone.
   */
  maxPerAccount: 2,
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

/**
 * Versions saved by hand and made by restores. Each holds a whole copy of the letter, so how many
 * one letter keeps, and how fast they are made, is bounded. Versions made by status changes and
 * finished reviews follow the workflow and are not counted.
 */
export const VersionQuota = {
  /** Saved and restore versions one letter keeps at most: far more than a letter's drafting needs. */
  maxPerLetter: 200,
  /** Of those, how many one letter may get within `windowMs` (whoever makes them). */
  maxPerWindow: 10,
  /** The window of `maxPerWindow`, in milliseconds: one minute. */
  windowMs: 60_000,
} as const;

/** How often the workshop's live pushes may go out, so a fast typist does not flood the room. */
export const WorkshopPush = {
  /**
   * Least time, in milliseconds, between two "the spotlighted letter changed" pushes for one
   * letter: the shared screen follows the writer within about a second, and a burst of typing
   * costs one reload per second for everyone watching, not one per keystroke.
   */
  spotlightThrottleMs: 1_000,
} as const;
