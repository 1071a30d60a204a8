/** The words the sign-in and sign-up pages use for the server's answers. */
import { ApiRequestError } from '../api/http';
import { errorMessage } from '../components/errorMessage';

/** Shown for both an unknown email and a wrong password, so neither reveals which accounts exist. */
export const INVALID_CREDENTIALS = 'That email and password do not match an account. Check both and try again.';

/** "Too many attempts, try again in N minutes", rounded up to whole minutes (at least one). */
export function rateLimitMessage(retryAfterSeconds: number | null): string {
  const minutes = Math.max(1, Math.ceil((retryAfterSeconds ?? 15 * 60) / 60));
  return `Too many attempts, try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

/** The sign-in error to show for `error`. */
export function signInErrorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 429) return rateLimitMessage(error.retryAfterSeconds);
    if (error.code === 'invalid_credentials' || error.status === 401) return INVALID_CREDENTIALS;
  }
  return errorMessage(error);
}

/** A zod message ("password must be…") as a sentence ("Password must be…."). */
export function asSentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
