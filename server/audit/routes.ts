/** The audit log for letter owners (`/api/letters/:id/audit`) and administrators (`/api/admin/audit`), as JSON or CSV. */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { AUDIT_ACTIONS } from '../../shared/audit';
import type { AuditEntry } from '../../shared/audit';
import { requireAuth } from '../auth/middleware';
import type { Database } from '../db/schema';
import type { AppEnv } from '../http/context';
import { ApiException } from '../http/errors';
import { validate } from '../http/validate';
import { requireLetterAccess } from '../letters/access';
import { auditToCsv } from './csv';
import { listAudit } from './store';

const AuditQuerySchema = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  userId: z.string().max(64).optional(),
  letterId: z.string().max(64).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  format: z.enum(['json', 'csv']).default('json'),
});

function respond(c: Context<AppEnv>, entries: AuditEntry[], format: 'json' | 'csv', fileName: string) {
  if (format === 'json') return c.json({ entries });
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${fileName}"`);
  return c.body(auditToCsv(entries));
}

/** Builds the letter audit routes (mounted at /api/letters) and the admin route (at /api/admin). */
export function createAuditRoutes(db: Kysely<Database>) {
  const letterAudit = new Hono<AppEnv>().get('/:id/audit', validate('query', AuditQuerySchema), async (c) => {
    const access = await requireLetterAccess(c, db, c.req.param('id'), 'viewAudit');
    const { action, before, limit, format } = c.req.valid('query');
    const entries = await listAudit(db, { letterId: access.letterId, action, before, limit });
    return respond(c, entries, format, `casewrite-audit-${access.letterId}.csv`);
  });

  const adminAudit = new Hono<AppEnv>().get('/audit', validate('query', AuditQuerySchema), async (c) => {
    const { user } = requireAuth(c);
    if (!user.isAdmin) throw new ApiException(403, 'forbidden', 'Only administrators see the whole audit log.');
    const { action, userId, letterId, before, limit, format } = c.req.valid('query');
    const entries = await listAudit(db, { action, userId, letterId, before, limit });
    return respond(c, entries, format, 'casewrite-audit.csv');
  });

  return { letterAudit, adminAudit };
}
