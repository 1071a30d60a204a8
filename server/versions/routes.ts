/**
 * `/api/letters/:id/versions`: the letter's version history. Members read it; those who may edit
 * the body save named versions and restore old ones. Restoring is a forward edit everyone sees
 * live, recorded as a new version, so history is never rewritten.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { VersionCreateSchema } from '../../shared/versions';
import { recordAudit } from '../audit/store';
import type { ConnectionRegistry } from '../collab/connections';
import type { DocStore } from '../collab/docStore';
import type { RoomManager } from '../collab/rooms';
import { LetterFrozen } from '../collab/rooms';
import { storedDocumentState } from '../collab/storedState';
import type { Database } from '../db/schema';
import { idParam } from '../http/params';
import type { AppEnv } from '../http/context';
import { clientAddress } from '../http/context';
import { notFound } from '../http/errors';
import { validate } from '../http/validate';
import { letterSent, requireLetterAccess, requireNotFrozen } from '../letters/access';
import { requireVersionQuota, VersionQuotaError } from './quota';
import { restoreDocumentState } from './restore';
import { beforeRestoreVersionName, findVersion, findVersionWithState, insertVersion, listVersions, restoreVersionName } from './store';

/** What the version routes need. */
export interface VersionRouteDeps {
  db: Kysely<Database>;
  docStore: DocStore;
  rooms: RoomManager;
  connections: ConnectionRegistry;
}

/** Runs `work`; a used-up quota's wait goes out as Retry-After with its error. */
async function withQuota<T>(c: Context<AppEnv>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof VersionQuotaError && error.retryAfterMs !== null) c.header('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
    throw error;
  }
}

/** Builds the version routes, mounted at /api/letters. */
export function createVersionRoutes({ db, docStore, rooms, connections }: VersionRouteDeps) {
  return new Hono<AppEnv>()
    .get('/:id/versions', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'));
      return c.json({ versions: await listVersions(db, access.letterId) });
    })
    .get('/:id/versions/:versionId', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'));
      const version = await findVersionWithState(db, access.letterId, idParam(c, 'versionId', 'No such version.'));
      if (!version) throw notFound('No such version.');
      return c.json({ version: { ...version, state: Buffer.from(version.state).toString('base64') } });
    })
    .post('/:id/versions', validate('json', VersionCreateSchema), async (c) => {
      // Saving changes nothing in the letter, so it is allowed on a sent letter too.
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'editBody');
      const state = await storedDocumentState(docStore, rooms, access.letterId);
      const id = await withQuota(c, async () => db.transaction().execute(async (trx) => {
        await requireVersionQuota(trx, access.letterId, 1);
        const versionId = await insertVersion(trx, { letterId: access.letterId, name: c.req.valid('json').name, kind: 'manual', createdBy: access.auth.user.id, state });
        await recordAudit(trx, { action: 'version.saved', actorId: access.auth.user.id, letterId: access.letterId, detail: { versionId }, ip: clientAddress(c) });
        return versionId;
      }));
      connections.notify(access.letterId, 'versions');
      return c.json({ version: await findVersion(db, access.letterId, id) }, 201);
    })
    .post('/:id/versions/:versionId/restore', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'editBody');
      await requireNotFrozen(db, access.letterId);
      const restored = await findVersionWithState(db, access.letterId, idParam(c, 'versionId', 'No such version.'));
      if (!restored) throw notFound('No such version.');
      // A restore keeps two versions (the text before it, and after it): both must fit.
      await withQuota(c, () => db.transaction().execute((trx) => requireVersionQuota(trx, access.letterId, 2)));
      const record = (name: string, state: Uint8Array) =>
        insertVersion(db, { letterId: access.letterId, name, kind: 'restore', createdBy: access.auth.user.id, state });
      // Today's text is kept first, so a restore never loses anything.
      const keptId = await record(beforeRestoreVersionName(restored.name), await storedDocumentState(docStore, rooms, access.letterId));
      try {
        await restoreDocumentState(rooms, access.letterId, restored.state);
      } catch (error) {
        // Marked sent meanwhile: the freeze or the store refused the edit, and nothing was changed.
        if (error instanceof LetterFrozen) throw letterSent();
        await requireNotFrozen(db, access.letterId);
        throw error;
      }
      // The body as stored right after the restore, so the new version shows exactly what everyone got.
      const state = await storedDocumentState(docStore, rooms, access.letterId);
      const id = await db.transaction().execute(async (trx) => {
        const versionId = await insertVersion(trx, { letterId: access.letterId, name: restoreVersionName(restored.name), kind: 'restore', createdBy: access.auth.user.id, state });
        await recordAudit(trx, { action: 'version.restored', actorId: access.auth.user.id, letterId: access.letterId, detail: { versionId: restored.id, newVersionId: versionId }, ip: clientAddress(c) });
        return versionId;
      });
      connections.notify(access.letterId, 'versions');
      return c.json({ version: await findVersion(db, access.letterId, id), kept: await findVersion(db, access.letterId, keptId) });
    });
}
