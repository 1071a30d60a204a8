/** Peer-review pairs: who may be paired, pairing in order, and adding one pair by hand. */

/** A pair of participants (user ids) reading each other's letter. */
export interface Pair {
  a: string;
  b: string;
}

/** Someone who can be paired: only participants with a letter (the server refuses the others). */
export interface Pairable {
  userId: string;
  letterId: string | null;
}

/** The participants with a letter, in the given order. */
export function pairableIds(participants: readonly Pairable[]): string[] {
  return participants.filter((participant) => participant.letterId !== null).map((participant) => participant.userId);
}

/** Pairs neighbours in order (1st with 2nd, 3rd with 4th…); an odd last person is returned as `left`. */
export function pairInOrder(userIds: readonly string[]): { pairs: Pair[]; left: string | null } {
  const pairs: Pair[] = [];
  for (let index = 0; index + 1 < userIds.length; index += 2) {
    const a = userIds[index];
    const b = userIds[index + 1];
    if (a !== undefined && b !== undefined) pairs.push({ a, b });
  }
  const left = userIds.length % 2 === 1 ? (userIds[userIds.length - 1] ?? null) : null;
  return { pairs, left };
}

/** `pairs` with `a` and `b` paired together, each taken out of any pair they were in. */
export function withPair(pairs: readonly Pair[], a: string, b: string): Pair[] {
  if (a === b) return [...pairs];
  const rest = pairs.filter((pair) => pair.a !== a && pair.b !== a && pair.a !== b && pair.b !== b);
  return [...rest, { a, b }];
}

/** The partner of `userId` in `pairs`, or null. */
export function partnerOf(pairs: readonly Pair[], userId: string): string | null {
  for (const pair of pairs) {
    if (pair.a === userId) return pair.b;
    if (pair.b === userId) return pair.a;
  }
  return null;
}
