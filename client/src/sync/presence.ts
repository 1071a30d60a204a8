/** Who is in a letter right now, read from y-websocket awareness states. */
import { PROFESSIONS, type Profession } from '../../../shared/auth';

/** What each client announces in its awareness `user` field (and the caret extension renders). */
export interface AwarenessUser {
  name: string;
  /** `#rrggbb`: the only form the caret extension accepts. */
  color: string;
  profession: Profession;
}

/** One person present in the letter. */
export interface PresentUser {
  clientId: number;
  name: string;
  color: string;
  /** Absent when the client did not announce a known profession. */
  profession?: Profession;
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
    const profession = readProfession(Reflect.get(user, 'profession'));
    if (typeof name !== 'string' || name.trim() === '') continue;
    byClient.set(clientId, {
      clientId,
      name: name.trim(),
      color: typeof color === 'string' && /^#[0-9a-f]{6}$/i.test(color) ? color : '#6b7280',
      ...(profession ? { profession } : {}),
      isSelf: clientId === selfClientId,
    });
  }
  return [...byClient.values()].sort(
    (a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name) || a.clientId - b.clientId,
  );
}

/** `value` if it is one of PROFESSIONS (other clients control awareness, so nothing is trusted). */
export function readProfession(value: unknown): Profession | undefined {
  return PROFESSIONS.find((profession) => profession === value);
}
