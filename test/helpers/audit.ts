/** Reading the audit log over the API, as its owners and administrators do. */
import type { AuditAction, AuditEntry } from '../../shared/audit';
import type { HttpTarget, Session } from './http';
import { expectJson, requestJson } from './http';

/** Query parameters of the audit routes. */
export interface AuditQuery {
  action?: AuditAction;
  userId?: string;
  letterId?: string;
  limit?: number;
  before?: number;
}

function queryString(query: AuditQuery): string {
  const params = new URLSearchParams(Object.entries(query).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A letter's audit log as its owner reads it (asserting 200). */
export async function letterAudit(server: HttpTarget, owner: Session, letterId: string, query: AuditQuery = {}): Promise<AuditEntry[]> {
  const response = requestJson(server, `/api/letters/${letterId}/audit${queryString(query)}`, { session: owner });
  return (await expectJson<{ entries: AuditEntry[] }>(response, 200)).entries;
}

/** The whole audit log as an administrator reads it (asserting 200). */
export async function adminAudit(server: HttpTarget, admin: Session, query: AuditQuery = {}): Promise<AuditEntry[]> {
  const response = requestJson(server, `/api/admin/audit${queryString(query)}`, { session: admin });
  return (await expectJson<{ entries: AuditEntry[] }>(response, 200)).entries;
}
