/**
 * Pushes the spotlight: when the edits of a letter are stored, every live workshop showing it on
 * the shared screen is told (signal `spotlight`), at most once per `WorkshopPush.spotlightThrottleMs`
 * per letter and always once after the last edit of a burst, so viewers follow the writer within
 * about a second without anyone polling.
 */
import type { Kysely } from 'kysely';
import { WorkshopPush } from '../../shared/limits';
import type { Database } from '../db/schema';
import type { Logger } from '../logger';
import type { WorkshopHub } from './hub';

/** The live workshops whose shared screen shows `letterId`. */
async function workshopsShowing(db: Kysely<Database>, letterId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('workshop_state')
    .innerJoin('workshops', 'workshops.id', 'workshop_state.workshop_id')
    .select('workshop_state.workshop_id')
    .where('workshop_state.spotlight_letter_id', '=', letterId)
    .where('workshops.ended_at', 'is', null)
    .execute();
  return rows.map((row) => row.workshop_id);
}

/** Returns the function to call whenever a letter's body edits were stored, and the one that stops its timers. */
export function createSpotlightPush(db: Kysely<Database>, hub: WorkshopHub, log: Logger, throttleMs: number = WorkshopPush.spotlightThrottleMs) {
  /** Per letter: when it was last announced, and the timer of the announcement waiting for the throttle. */
  const letters = new Map<string, { lastAt: number; timer: ReturnType<typeof setTimeout> | null }>();

  const announce = (letterId: string) => {
    workshopsShowing(db, letterId).then(
      (ids) => {
        for (const id of ids) hub.changed(id, 'spotlight');
      },
      (error: unknown) => log.warn('could not push the spotlight', { letterId, error }),
    );
  };

  const stored = (letterId: string): void => {
    const now = Date.now();
    const entry = letters.get(letterId);
    if (entry?.timer) return;
    const wait = entry ? entry.lastAt + throttleMs - now : 0;
    if (wait <= 0) {
      letters.set(letterId, { lastAt: now, timer: null });
      announce(letterId);
      // Drop letters nobody edited for a while, so the map stays small.
      for (const [id, other] of letters) if (!other.timer && now - other.lastAt >= throttleMs) letters.delete(id);
      return;
    }
    letters.set(letterId, {
      lastAt: entry?.lastAt ?? now,
      timer: setTimeout(() => {
        letters.set(letterId, { lastAt: Date.now(), timer: null });
        announce(letterId);
      }, wait),
    });
  };

  const stop = (): void => {
    for (const entry of letters.values()) if (entry.timer) clearTimeout(entry.timer);
    letters.clear();
  };
  return { stored, stop };
}
