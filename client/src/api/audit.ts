/** The audit log API: a letter's (owners) or everything (administrators), as JSON or CSV. */
import { z } from 'zod';
import type { AuditEntry } from '../../../shared/audit';
import { pick, queryString, request } from './http';
import { AuditEntrySchema } from './schemas';

/** Which log, and how it is filtered. */
export interface AuditQuery {
  /** A letter's log; without it, the administrators' log of everything. */
  letterId?: string;
  action?: string;
  /** Administrators' log only: one person's entries. */
  userId?: string;
  /** Administrators' log only: one letter's entries. */
  filterLetterId?: string;
  before?: number;
  limit?: number;
}

/** Entries newest first, at most this many per page. */
export const AUDIT_PAGE_SIZE = 50;

function auditPath(query: AuditQuery): string {
  return query.letterId ? `/api/letters/${encodeURIComponent(query.letterId)}/audit` : '/api/admin/audit';
}

/** The filter parameters of `query` for the chosen log (the letter's log is already scoped to it). */
function filters(query: AuditQuery): Record<string, string | number | undefined> {
  return query.letterId
    ? { action: query.action }
    : { action: query.action, userId: query.userId, letterId: query.filterLetterId };
}

/** One page of entries, newest first. */
export async function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditEntry[]> {
  const search = queryString({ ...filters(query), limit: query.limit ?? AUDIT_PAGE_SIZE, before: query.before });
  return pick(await request(`${auditPath(query)}${search}`, { signal }), 'entries', z.array(AuditEntrySchema));
}

/** The CSV download address for the same filters. */
export function auditCsvUrl(query: AuditQuery): string {
  return `${auditPath(query)}${queryString({ ...filters(query), format: 'csv' })}`;
}
