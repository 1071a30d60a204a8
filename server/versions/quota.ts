/**
 * How many versions a letter may keep and gain (VersionQuota): checked inside the transaction that
 * adds them, so concurrent requests cannot both pass the last free place.
 */
import type { Kysely } from 'kysely';
import { VersionQuota } from '../../shared/limits';
import type { Database } from '../db/schema';
import { ApiException } from '../http/errors';

/** The kinds VersionQuota counts. */
const COUNTED_KINDS = ['manual', 'restore'];

/** A version quota that is used up; `retryAfterMs` is set when waiting helps. */
export class VersionQuotaError extends ApiException {
  constructor(
    status: 409 | 429,
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(status, status === 409 ? 'version_limit' : 'version_rate_limited', message);
  }
}

/**
 * Throws 409 `version_limit` if `adding` more versions would take the letter past
 * VersionQuota.maxPerLetter, or 429 `version_rate_limited` past maxPerWindow in the last window.
 */
export async function requireVersionQuota(trx: Kysely<Database>, letterId: string, adding: number, now = Date.now()): Promise<void> {
  const counted = trx.selectFrom('letter_versions').where('letter_id', '=', letterId).where('kind', 'in', COUNTED_KINDS);
  const total = await counted.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  if (Number(total.count) + adding > VersionQuota.maxPerLetter) {
    throw new VersionQuotaError(409, `This letter already keeps ${VersionQuota.maxPerLetter} saved and restored versions, the most one letter can keep.`, null);
  }
  const since = new Date(now - VersionQuota.windowMs).toISOString();
  const recent = await counted.select('created_at').where('created_at', '>', since).orderBy('created_at').execute();
  if (recent.length + adding > VersionQuota.maxPerWindow) {
    // Places free up as the oldest versions of the window leave it.
    const freedAt = Date.parse(recent[Math.max(0, recent.length + adding - VersionQuota.maxPerWindow - 1)]?.created_at ?? since) + VersionQuota.windowMs;
    const retryAfterMs = Math.max(1_000, freedAt - now);
    throw new VersionQuotaError(
      429,
      `This letter got ${VersionQuota.maxPerWindow} versions in the last minute, the most it may. Try again in ${Math.ceil(retryAfterMs / 1000)} seconds.`,
      retryAfterMs,
    );
  }
}
