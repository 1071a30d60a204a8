/** Validation limits shared by zod schemas, the UI and the server. */

/** Limits on a letter's own fields. */
export const LetterLimits = {
  maxTitleLength: 200,
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
