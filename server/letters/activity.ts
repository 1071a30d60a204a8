/**
 * Keeps each letter's `updatedAt` current as its body is edited, at most once per interval per
 * letter, so a burst of typing costs one row update rather than one per keystroke.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Logger } from '../logger';
import { touchLetter } from './store';

/** How stale a letter's `updatedAt` may get while someone types. */
export const TOUCH_INTERVAL_MS = 10_000;

/** Returns the function to call whenever a letter's body edits were stored. */
export function createLetterActivity(db: Kysely<Database>, log: Logger, intervalMs = TOUCH_INTERVAL_MS) {
  const lastTouched = new Map<string, number>();
  return (letterId: string): void => {
    const now = Date.now();
    if (now - (lastTouched.get(letterId) ?? 0) < intervalMs) return;
    // Drop entries of letters nobody edited for a while, so the map stays small.
    for (const [id, at] of lastTouched) if (now - at >= intervalMs) lastTouched.delete(id);
    lastTouched.set(letterId, now);
    touchLetter(db, letterId).catch((error: unknown) => log.error('could not record letter activity', { letterId, error }));
  };
}
