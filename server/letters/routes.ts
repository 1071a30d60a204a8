/** `/api/letters`: create, list, read, change and delete letters (CONTRACT.md), for members only. */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { LetterCreateSchema, LetterListQuerySchema, LetterUpdateSchema } from '../../shared/letters';
import { CloseReason } from '../../shared/protocol';
import { REVIEW_STATUSES } from '../../shared/reviews';
import { can } from '../../shared/roles';
import { recordAudit } from '../audit/store';
import { requireAuth } from '../auth/middleware';
import type { Presence } from '../cluster/presence';
import { letterPresenceKey } from '../cluster/presence';
import type { ConnectionRegistry } from '../collab/connections';
import type { DocStore } from '../collab/docStore';
import type { Database } from '../db/schema';
import type { AppEnv } from '../http/context';
import { clientAddress } from '../http/context';
import { ApiException, notFound } from '../http/errors';
import type { Limiters } from '../auth/rateLimit';
import type { RoomManager } from '../collab/rooms';
import { storedDocumentState } from '../collab/storedState';
import { validate } from '../http/validate';
import { forbidden, requireLetterAccess, requireNotFrozen } from './access';
import { listSends, markSent } from './sends';
import { computeSendCheck } from './sendCheck';
import { createLetter, takeLetterQuota } from './create';
import { changeStatus, requireTransition } from './status';
import { deleteLetter, findLetterForUser, isWorkshopGrant, listLettersForUser, updateLetter } from './store';
import { MASKED_TEXT } from '../../shared/caseDetails';
import type { SendRecordCheck } from '../../shared/sendCheck';

/** A send record's list with every word masked: how many of each, and nothing they say. */
function maskOutstanding(record: SendRecordCheck | null): SendRecordCheck | null {
  if (!record) return null;
  const mask = (list: readonly string[]) => list.map(() => MASKED_TEXT);
  return {
    acknowledged: record.acknowledged,
    uncheckedItems: mask(record.uncheckedItems),
    openThreads: record.openThreads.map((thread) => ({ id: thread.id, excerpt: MASKED_TEXT })),
    pendingReviews: mask(record.pendingReviews),
    emptySections: mask(record.emptySections),
  };
}

/** What the letters routes need. */
export interface LetterRouteDeps {
  db: Kysely<Database>;
  docStore: DocStore;
  rooms: RoomManager;
  connections: ConnectionRegistry;
  /** Who has which letter open, on any instance. */
  presence: Presence;
  /** Rate limits (letters created per account). */
  limiters: Limiters;
}

/** Builds the letters sub-app, mounted at /api/letters. */
export function createLetterRoutes({ db, docStore, rooms, connections, presence, limiters }: LetterRouteDeps) {
  return new Hono<AppEnv>()
    .post('/', validate('json', LetterCreateSchema), async (c) => {
      const { user } = requireAuth(c);
      const { title, template } = c.req.valid('json');
      await takeLetterQuota(c, limiters, user.id);
      const letter = await createLetter({ db, docStore }, { title, template, ownerId: user.id, ip: clientAddress(c) });
      return c.json({ letter }, 201);
    })
    .get('/', validate('query', LetterListQuerySchema), async (c) => {
      const { user } = requireAuth(c);
      const online = await presence.online();
      const letters = await listLettersForUser(db, user.id, c.req.valid('query'), (letterId, userId) => online.has(letterPresenceKey(letterId, userId)));
      return c.json({ letters });
    })
    .get('/:id', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'));
      const letter = await findLetterForUser(db, access.letterId, access.auth.user.id);
      if (!letter) throw notFound('No such letter.');
      await recordAudit(db, { action: 'letter.opened', actorId: access.auth.user.id, letterId: letter.id, ip: clientAddress(c) });
      return c.json({ letter });
    })
    .patch('/:id', validate('json', LetterUpdateSchema), async (c) => {
      const changes = c.req.valid('json');
      const access = await requireLetterAccess(c, db, c.req.param('id'), changes.title !== undefined ? 'editTitle' : 'read');
      if (changes.status !== undefined && !can(access.role, 'changeStatus')) throw forbidden('Only owners change the status.');
      const before = await findLetterForUser(db, access.letterId, access.auth.user.id);
      if (!before) throw notFound('No such letter.');
      const newStatus = changes.status !== undefined && changes.status !== before.status ? changes.status : undefined;
      if (newStatus) requireTransition(before.status, newStatus);
      if (newStatus && REVIEW_STATUSES.includes(newStatus)) {
        throw new ApiException(409, 'review_required', 'A letter goes into review by asking a named member to review it, and is approved or sent back for changes by that reviewer.');
      }
      // A sent letter changes only by being reopened.
      if (before.frozen && changes.title !== undefined && newStatus !== 'draft') await requireNotFrozen(db, access.letterId);
      const ip = clientAddress(c);
      const rename = async (trx: Kysely<Database>) => {
        await updateLetter(trx, access.letterId, { title: changes.title });
        if (changes.title !== undefined && changes.title !== before.title) {
          await recordAudit(trx, { action: 'letter.renamed', actorId: access.auth.user.id, letterId: access.letterId, ip });
        }
      };
      if (newStatus === 'sent') {
        await markSent({ db, docStore, rooms }, { letterId: access.letterId, from: before.status, actorId: access.auth.user.id, ip, alongside: rename, acknowledged: changes.acknowledged });
      } else {
        // Read (after committing every edit received so far) before the transaction, which only writes rows.
        const state = newStatus ? await storedDocumentState(docStore, rooms, access.letterId) : null;
        await db.transaction().execute(async (trx) => {
          await rename(trx);
          if (newStatus && state) {
            await changeStatus(trx, { letterId: access.letterId, from: before.status, to: newStatus, actorId: access.auth.user.id, ip, state });
          }
        });
      }
      if (newStatus === 'sent' || before.status === 'sent') {
        // Everyone reconnects (4500 is not final) and gets write access per the new status.
        connections.closeWhere({ room: access.letterId }, CloseReason.roleChanged);
      }
      connections.notify(access.letterId, 'letter');
      if (newStatus) connections.notify(access.letterId, 'versions');
      return c.json({ letter: await findLetterForUser(db, access.letterId, access.auth.user.id) });
    })
    .get('/:id/sends', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'));
      const sends = await listSends(db, access.letterId);
      // The recipient is a case detail: a de-identified member (a workshop's grant) never sees it.
      // So is any word of what was outstanding (checklist text, comments): they get the counts only.
      if (await isWorkshopGrant(db, access.letterId, access.auth.user.id)) return c.json({ sends: sends.map((send) => ({ ...send, recipient: MASKED_TEXT, outstanding: maskOutstanding(send.outstanding) })) });
      return c.json({ sends });
    })
    .get('/:id/send-check', async (c) => {
      // Those who may mark the letter sent see what is outstanding before they do.
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'changeStatus');
      const state = await storedDocumentState(docStore, rooms, access.letterId);
      return c.json({ sendCheck: await computeSendCheck(db, access.letterId, state) });
    })
    .delete('/:id', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'delete');
      try {
        await db.transaction().execute(async (trx) => {
          await deleteLetter(trx, docStore, access.letterId);
          await recordAudit(trx, { action: 'letter.deleted', actorId: access.auth.user.id, letterId: access.letterId, ip: clientAddress(c) });
        });
      } finally {
        // Also after a failed deletion: what it wrote to the log before failing goes too.
        await docStore.scrub();
      }
      // Sockets close on every instance; this one's room goes without storing what it holds (the
      // store would refuse it: the letter is gone).
      connections.closeWhere({ room: access.letterId }, CloseReason.noSuchRoom);
      rooms.discard(access.letterId);
      return c.body(null, 204);
    });
}
