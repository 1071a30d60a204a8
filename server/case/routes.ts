/** `/api/letters/:id/case`: the structured case details, read by members, changed by owners and editors. */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { CaseDetailsUpdateSchema } from '../../shared/caseDetails';
import { recordAudit } from '../audit/store';
import type { ConnectionRegistry } from '../collab/connections';
import type { Database } from '../db/schema';
import type { AppEnv } from '../http/context';
import { clientAddress } from '../http/context';
import { validate } from '../http/validate';
import { requireLetterAccess, requireNotFrozen } from '../letters/access';
import { isWorkshopGrant } from '../letters/store';
import { maskCaseDetails } from '../workshops/deidentify';
import { getCaseDetails, saveCaseDetails } from './store';

/** What the case routes need. */
export interface CaseRouteDeps {
  db: Kysely<Database>;
  connections: ConnectionRegistry;
}

/** Builds the case routes, mounted at /api/letters. */
export function createCaseRoutes({ db, connections }: CaseRouteDeps) {
  return new Hono<AppEnv>()
    .get('/:id/case', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'));
      // A workshop partner or facilitator reads the letter de-identified: no case value reaches them.
      const masked = await isWorkshopGrant(db, access.letterId, access.auth.user.id);
      const details = await getCaseDetails(db, access.letterId);
      await recordAudit(db, { action: 'case.viewed', actorId: access.auth.user.id, letterId: access.letterId, detail: masked ? { masked } : {}, ip: clientAddress(c) });
      return c.json({ case: masked ? maskCaseDetails(details) : details });
    })
    .patch('/:id/case', validate('json', CaseDetailsUpdateSchema), async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'editCaseDetails');
      await requireNotFrozen(db, access.letterId);
      const changes = c.req.valid('json');
      const details = await db.transaction().execute(async (trx) => {
        const merged = { ...(await getCaseDetails(trx, access.letterId)), ...changes };
        await saveCaseDetails(trx, access.letterId, merged);
        // Which fields changed, never their values: the log must not become a copy of the case.
        await recordAudit(trx, {
          action: 'case.changed',
          actorId: access.auth.user.id,
          letterId: access.letterId,
          detail: { fields: Object.keys(changes).join(',') },
          ip: clientAddress(c),
        });
        return merged;
      });
      connections.notify(access.letterId, 'case');
      return c.json({ case: details });
    });
}
