/** Who is in a letter right now, read from y-websocket awareness states. */

/** One person present in the letter. */
export interface PresentUser {
  clientId: number;
  name: string;
  color: string;
  isSelf: boolean;
}

/**
 * The people in the awareness states that announced a user, one entry per client id, the local
 * user first and then by name. States without a valid `user` (a client still starting) are skipped.
 */
export function presentUsers(states: ReadonlyMap<number, unknown>, selfClientId: number): PresentUser[] {
  const byClient = new Map<number, PresentUser>();
  for (const [clientId, state] of states) {
    if (typeof state !== 'object' || state === null) continue;
    const user: unknown = Reflect.get(state, 'user');
    if (typeof user !== 'object' || user === null) continue;
    const name: unknown = Reflect.get(user, 'name');
    const color: unknown = Reflect.get(user, 'color');
    if (typeof name !== 'string' || name.trim() === '') continue;
    byClient.set(clientId, {
      clientId,
      name: name.trim(),
      color: typeof color === 'string' && /^#[0-9a-f]{6}$/i.test(color) ? color : '#6b7280',
      isSelf: clientId === selfClientId,
    });
  }
  return [...byClient.values()].sort(
    (a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name) || a.clientId - b.clientId,
  );
}
