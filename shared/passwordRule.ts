/**
 * The password rule, after NIST SP 800-63B: a length (AccountLimits), no composition rules, and
 * a refusal of what attackers try first, judged by zxcvbn-ts with its common-password lists and
 * keyboard patterns: one repeated character, only spaces, common passwords, sequences, dates, and
 * the person's own name or email. Loaded on demand (the sign-up schema imports it when it
 * checks a password), so the client downloads its lists only on the sign-up page.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * The lowest zxcvbn score accepted (0 to 4): 3 means an estimated 10^8 guesses or more, beyond
 * reach of guessing online through the sign-in limits and slow to guess offline against argon2id.
 */
export const MIN_PASSWORD_SCORE = 3;

const checker = new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });

/** What is wrong, for each of zxcvbn's warnings, as the end of "password is too easy to guess: …". */
const WARNINGS: Record<string, string> = {
  straightRow: 'it is a row of keys on the keyboard',
  keyPattern: 'it is a pattern of keys on the keyboard',
  simpleRepeat: 'it repeats the same characters',
  extendedRepeat: 'it repeats a short pattern',
  sequences: 'it is a sequence such as abc or 1234',
  recentYears: 'it is mostly a year',
  dates: 'it is mostly a date',
  topTen: 'it is one of the most common passwords',
  topHundred: 'it is one of the most common passwords',
  common: 'it is a common password',
  similarToCommon: 'it is a small change to a common password',
  wordByItself: 'it is a single word',
  namesByThemselves: 'it is only names',
  commonNames: 'it is mostly a common name',
  userInputs: 'it contains your name, your email or the name of this service',
  pwned: 'it appears in lists of leaked passwords',
};

/** Words a password must not lean on besides the common lists: the service's name and the person's own. */
export function passwordContext(email = '', name = ''): string[] {
  const words = ['casewrite', email, email.split('@')[0] ?? '', ...name.split(/\s+/)];
  return words.filter((word) => word.length >= 3);
}

/**
 * What is wrong with `password`, as a message ("password must not…"), or null if it is strong
 * enough. Length is the schema's to check; `context` is passwordContext's words.
 */
export function passwordProblem(password: string, context: readonly string[] = []): string | null {
  if (password.trim() === '') return 'password must not be only spaces';
  if (new Set(password).size === 1) return 'password must not be one character repeated';
  const result = checker.check(password, [...context]);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = (result.feedback.warning && WARNINGS[result.feedback.warning]) || 'it could be guessed quickly';
  return `password is too easy to guess: ${why}. A few unrelated words make a strong one`;
}
