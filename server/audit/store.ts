/** The append-only audit log: writing entries (inside the caller's transaction) and reading them. */
import type { Kysely } from 'kysely';
import type { AuditAction, AuditEntry } from '../../shared/audit';
import type { Database } from '../db/schema';

/** What one entry records. `detail` holds non-secret facts only: never letter text or secrets. */
export interface AuditRecord {
  action: AuditAction;
  actorId?: string | null;
  letterId?: string | null;
  targetUserId?: string | null;
  detail?: AuditEntry['detail'];
  ip?: string | null;
}

/** Appends one entry. Pass the transaction of the change it records, so both land or neither. */
export async function recordAudit(db: Kysely<Database>, record: AuditRecord): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: new Date().toISOString(),
      action: record.action,
      actor_id: record.actorId ?? null,
      letter_id: record.letterId ?? null,
      target_user_id: record.targetUserId ?? null,
      detail: JSON.stringify(record.detail ?? {}),
      ip: record.ip ?? null,
    })
    .execute();
}

/** Which entries to read. */
export interface AuditFilter {
  letterId?: string;
  userId?: string;
  action?: AuditAction;
  /** Only entries with a smaller id (paging backwards). */
  before?: number;
  limit: number;
}

/** Entries matching the filter, newest first, with the actor's current name. */
export async function listAudit(db: Kysely<Database>, filter: AuditFilter): Promise<AuditEntry[]> {
  let query = db
    .selectFrom('audit_log')
    .leftJoin('users as actor', 'actor.id', 'audit_log.actor_id')
    .leftJoin('users as target', 'target.id', 'audit_log.target_user_id')
    .selectAll('audit_log')
    .select(['actor.name as actor_name', 'target.name as target_name'])
    .orderBy('audit_log.id', 'desc')
    .limit(filter.limit);
  if (filter.letterId) query = query.where('audit_log.letter_id', '=', filter.letterId);
  if (filter.userId) {
    const userId = filter.userId;
    query = query.where((eb) => eb.or([eb('audit_log.actor_id', '=', userId), eb('audit_log.target_user_id', '=', userId)]));
  }
  if (filter.action) query = query.where('audit_log.action', '=', filter.action);
  if (filter.before !== undefined) query = query.where('audit_log.id', '<', filter.before);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    // Only this module writes the column, always from an AuditAction.
    action: row.action as AuditAction,
    actorId: row.actor_id,
    actorName: row.actor_name,
    letterId: row.letter_id,
    targetUserId: row.target_user_id,
    targetName: row.target_name,
    detail: JSON.parse(row.detail) as AuditEntry['detail'], // written by recordAudit as JSON of that type
    ip: row.ip,
  }));
}
