/**
 * `/api/letters/:id/checklist`: the letter's strategy checklist. Members who may tick do so;
 * owners add, reword, reorder and remove items. Every change reaches open clients live.
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { ChecklistItemCreateSchema, ChecklistItemUpdateSchema } from '../../shared/checklist';
import { can } from '../../shared/roles';
import { recordAudit } from '../audit/store';
import type { ConnectionRegistry } from '../collab/connections';
import type { Database } from '../db/schema';
import { idParam } from '../http/params';
import type { AppEnv } from '../http/context';
import { clientAddress } from '../http/context';
import { notFound } from '../http/errors';
import { validate } from '../http/validate';
import { forbidden, requireLetterAccess, requireNotFrozen } from '../letters/access';
import {
  addChecklistItem,
  editChecklistItem,
  findChecklistItem,
  listChecklist,
  moveChecklistItem,
  removeChecklistItem,
  setTicked,
} from './store';

/** What the checklist routes need. */
export interface ChecklistRouteDeps {
  db: Kysely<Database>;
  connections: ConnectionRegistry;
}

/** Builds the checklist routes, mounted at /api/letters. */
export function createChecklistRoutes({ db, connections }: ChecklistRouteDeps) {
  return new Hono<AppEnv>()
    .get('/:id/checklist', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'));
      return c.json({ items: await listChecklist(db, access.letterId) });
    })
    .post('/:id/checklist', validate('json', ChecklistItemCreateSchema), async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'editChecklist');
      await requireNotFrozen(db, access.letterId);
      const id = await db.transaction().execute(async (trx) => {
        const created = await addChecklistItem(trx, access.letterId, c.req.valid('json'));
        await recordAudit(trx, { action: 'checklist.changed', actorId: access.auth.user.id, letterId: access.letterId, detail: { change: 'added' }, ip: clientAddress(c) });
        return created;
      });
      connections.notify(access.letterId, 'checklist');
      return c.json({ item: await findChecklistItem(db, access.letterId, id) }, 201);
    })
    .patch('/:id/checklist/:itemId', validate('json', ChecklistItemUpdateSchema), async (c) => {
      const { text, sectionKey, position, ticked } = c.req.valid('json');
      const editsItem = text !== undefined || sectionKey !== undefined || position !== undefined;
      // Rewording and reordering is an owner's; ticking is anyone's who may tick.
      const access = await requireLetterAccess(c, db, c.req.param('id'), editsItem ? 'editChecklist' : 'tickChecklist');
      if (ticked !== undefined && !can(access.role, 'tickChecklist')) throw forbidden();
      await requireNotFrozen(db, access.letterId);
      const item = await findChecklistItem(db, access.letterId, idParam(c, 'itemId', 'No such checklist item.'));
      if (!item) throw notFound('No such checklist item.');
      await db.transaction().execute(async (trx) => {
        await editChecklistItem(trx, item.id, { text, sectionKey });
        if (position !== undefined) await moveChecklistItem(trx, access.letterId, item.id, position);
        if (ticked !== undefined) await setTicked(trx, item.id, ticked ? access.auth.user.id : null);
        const change = ticked === undefined ? 'edited' : ticked ? 'ticked' : 'unticked';
        await recordAudit(trx, { action: 'checklist.changed', actorId: access.auth.user.id, letterId: access.letterId, detail: { change, item: item.id }, ip: clientAddress(c) });
      });
      connections.notify(access.letterId, 'checklist');
      return c.json({ item: await findChecklistItem(db, access.letterId, item.id) });
    })
    .delete('/:id/checklist/:itemId', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'editChecklist');
      await requireNotFrozen(db, access.letterId);
      const item = await findChecklistItem(db, access.letterId, idParam(c, 'itemId', 'No such checklist item.'));
      if (!item) throw notFound('No such checklist item.');
      await db.transaction().execute(async (trx) => {
        await removeChecklistItem(trx, access.letterId, item.id);
        await recordAudit(trx, { action: 'checklist.changed', actorId: access.auth.user.id, letterId: access.letterId, detail: { change: 'removed' }, ip: clientAddress(c) });
      });
      connections.notify(access.letterId, 'checklist');
      return c.body(null, 204);
    });
}
