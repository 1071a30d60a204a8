/**
 * A participant who no longer owns the letter they brought to a workshop (removed from it, or
 * given another role) takes it out of the workshop: it is detached, off the shared screen, and the
 * access it gave partners and facilitators ends at once, on every instance.
 */
import type { Kysely } from 'kysely';
import type { AccessChecker } from '../cluster/recheckAccess';
import type { Database } from '../db/schema';
import { detachLostLetter } from './grants';
import type { WorkshopHub } from './hub';

/** The member routes' hook: detaches inside their transaction, announces after it committed. */
export function createLostLetterHook(access: AccessChecker, hub: WorkshopHub) {
  return async (trx: Kysely<Database>, letterId: string, userId: string): Promise<() => void> => {
    const { workshopIds, revoked } = await detachLostLetter(trx, letterId, userId);
    return () => {
      if (workshopIds.length === 0) return;
      void access.recheckLetters(new Set([letterId, ...revoked.map((grant) => grant.letterId)]));
      for (const workshopId of workshopIds) hub.changed(workshopId);
    };
  };
}
