/** Validation limits shared by zod schemas, the UI and the server. */

/** Limits on a letter's own fields. */
export const LetterLimits = {
  maxTitleLength: 200,
} as const;

