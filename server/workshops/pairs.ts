/**
 * Peer-review pairs: each partner may read and comment on the other's letter (never edit it) until
 * the pairs change or the session ends. The rules are pure (`checkPairs`); `replacePairs` applies
 * them inside the caller's transaction and reports the grants it made and revoked.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { ApiException, ErrorCode } from '../http/errors';
import type { Grant, GrantChanges } from './grants';
import { GRANT_ROLE, reconcileGrants } from './grants';
import type { ParticipantLetter } from './sessionStore';
import { savePairs } from './sessionStore';

/** One pair as the API names it. */
export interface Pair {
  a: string;
  b: string;
}

/** A pair whose two letters are known. */
interface LetteredPair {
  a: { userId: string; letterId: string };
  b: { userId: string; letterId: string };
}

/** Checks pairs against the participants: a ≠ b, no one twice, each a participant with a letter. Throws 400. */
export function checkPairs(pairs: readonly Pair[], participants: readonly ParticipantLetter[]): LetteredPair[] {
  const letters = new Map(participants.map((participant) => [participant.userId, participant.letterId]));
  const seen = new Set<string>();
  return pairs.map((pair) => {
    if (pair.a === pair.b) throw badPairs('A participant cannot be paired with themselves.');
    const ends = [pair.a, pair.b].map((userId) => {
      if (seen.has(userId)) throw badPairs('Each participant can be in only one pair.');
      seen.add(userId);
      if (!letters.has(userId)) throw badPairs('Only participants of this workshop can be paired.');
      const letterId = letters.get(userId);
      if (!letterId) throw badPairs('Each paired participant needs a letter in the workshop first.');
      return { userId, letterId };
    });
    const [a, b] = ends as [LetteredPair['a'], LetteredPair['b']]; // two ends mapped from two ids
    return { a, b };
  });
}

function badPairs(message: string): ApiException {
  return new ApiException(400, ErrorCode.badRequest, message);
}

/** The commenter grants a set of pairs calls for: each partner on the other's letter. */
export function partnerGrants(pairs: readonly LetteredPair[]): Grant[] {
  return pairs.flatMap(({ a, b }) => [
    { letterId: a.letterId, userId: b.userId, role: GRANT_ROLE.partner },
    { letterId: b.letterId, userId: a.userId, role: GRANT_ROLE.partner },
  ]);
}

/**
 * Makes `pairs` the workshop's pairs (inside the caller's transaction), then its grants follow:
 * partner grants no longer called for are revoked, new ones made (except where the partner already
 * is a member), the rest left untouched so their open sockets stay open.
 */
export async function replacePairs(db: Kysely<Database>, workshopId: string, pairs: readonly LetteredPair[]): Promise<GrantChanges> {
  await savePairs(
    db,
    workshopId,
    pairs.map(({ a, b }) => ({ a: a.userId, b: b.userId })),
  );
  return reconcileGrants(db, workshopId, GRANT_ROLE.partner);
}
