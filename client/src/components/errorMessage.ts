/** Turns anything thrown into a sentence fit to show a user. */
import { ApiRequestError } from '../api/http';

/** The server's own message for API errors; a generic sentence otherwise. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  return 'Something unexpected went wrong. Please try again.';
}

/** Whether `error` is the API saying "no such thing" (or "not yours", which it words the same). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiRequestError && (error.status === 404 || error.status === 400);
}
