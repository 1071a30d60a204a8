/** Turns anything thrown into a sentence fit to show a user. */
import { ApiRequestError } from '../api/letters';

/** The server's own message for API errors; a generic sentence otherwise. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  return 'Something unexpected went wrong. Please try again.';
}
