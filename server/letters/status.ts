/**
 * Status changes, shared by `PATCH /api/letters/:id` and review requests: the transition rule,
 * and the change itself with its audit entry and automatic version, in the caller's transaction.
 */
import type { Kysely } from 'kysely';
import type { LetterStatus } from '../../shared/letters';
import { STATUS_LABEL, STATUS_TRANSITIONS } from '../../shared/letters';
import { recordAudit } from '../audit/store';
import type { Database } from '../db/schema';
import type { VersionKind } from '../../shared/versions';
import { ApiException } from '../http/errors';
import { insertVersion, statusVersionName } from '../versions/store';

/** 409 `invalid_transition` unless STATUS_TRANSITIONS allows `from` → `to`. */
export function requireTransition(from: LetterStatus, to: LetterStatus): void {
  if (!STATUS_TRANSITIONS[from].includes(to)) {
    throw new ApiException(409, 'invalid_transition', `A letter that is "${STATUS_LABEL[from]}" cannot become "${STATUS_LABEL[to]}".`);
  }
}

/**
 * One status change. `state` is the document as stored just before (storedDocumentState), or a
 * function that reads it inside the transaction once the status row has changed (marking sent).
 */
export interface StatusChange {
  letterId: string;
  from: LetterStatus;
  to: LetterStatus;
  actorId: string;
  ip: string | null;
  state: Uint8Array | (() => Promise<Uint8Array>);
  /** The automatic version's name and kind, when not the plain status change ("Draft → In review"). */
  version?: { name: string; kind: VersionKind };
}

/**
 * Moves the letter from `from` to `to` inside `trx`, audited as letter.status_changed, with an
 * automatic version (kind 'status', unless the change names another); returns the version's state. 409 if the letter no longer has `from` (someone else changed
 * it meanwhile). The caller notifies 'letter' and 'versions' after the commit.
 */
export async function changeStatus(trx: Kysely<Database>, change: StatusChange): Promise<Uint8Array> {
  requireTransition(change.from, change.to);
  const result = await trx
    .updateTable('letters')
    .set({ status: change.to, updated_at: new Date().toISOString() })
    .where('id', '=', change.letterId)
    .where('status', '=', change.from)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    throw new ApiException(409, 'invalid_transition', 'The status of this letter changed meanwhile. Reload and try again.');
  }
  await recordAudit(trx, { action: 'letter.status_changed', actorId: change.actorId, letterId: change.letterId, detail: { from: change.from, to: change.to }, ip: change.ip });
  const version = change.version ?? { name: statusVersionName(change.from, change.to), kind: 'status' };
  const state = typeof change.state === 'function' ? await change.state() : change.state;
  await insertVersion(trx, { letterId: change.letterId, ...version, createdBy: change.actorId, state });
  return state;
}
