/**
 * `/api/workshops/:id/…`: peer-review pairs, the spotlight, sharing one's letter with the
 * facilitator, and ending the session. Access a workshop grants is a marked letter membership
 * (grants.ts); every change is audited in its transaction, then open sockets and the workshop's
 * event streams hear about it.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { ZodType } from 'zod';
import { PairsSchema, ShareSchema, SpotlightSchema } from '../../shared/workshops';
import { recordAudit } from '../audit/store';
import type { AccessChecker } from '../cluster/recheckAccess';
import type { ConnectionRegistry } from '../collab/connections';
import type { DocStore } from '../collab/docStore';
import type { RoomManager } from '../collab/rooms';
import type { Database } from '../db/schema';
import type { AppEnv } from '../http/context';
import { clientAddress } from '../http/context';
import { ApiException, ErrorCode } from '../http/errors';
import { describeIssues, readJsonBody } from '../http/input';
import { requireNotEnded, requireWorkshopAccess } from './access';
import type { GrantChanges } from './grants';
import { GRANT_ROLE, lockLiveWorkshop, reconcileGrants } from './grants';
import type { WorkshopHub } from './hub';
import { checkPairs, replacePairs } from './pairs';
import { findParticipant, listParticipantLetters, markEnded, setSharesText } from './sessionStore';
import { isParticipantLetter, loadSpotlightContent } from './spotlight';
import { buildState, bumpRevision } from './state';

/** What the workshop routes need. */
export interface WorkshopSessionRouteDeps {
  db: Kysely<Database>;
  docStore: DocStore;
  rooms: RoomManager;
  connections: ConnectionRegistry;
  hub: WorkshopHub;
  access: AccessChecker;
}

/**
 * The JSON body checked against `schema`, after the access checks (so a stranger hears 404, not
 * what the body should have been).
 */
async function readBody<T>(c: Context<AppEnv>, schema: ZodType<T>): Promise<T> {
  const result = schema.safeParse(await readJsonBody(c));
  if (!result.success) throw new ApiException(400, ErrorCode.badRequest, describeIssues(result.error.issues));
  return result.data;
}

/** Builds the session routes, mounted at /api/workshops. */
export function createWorkshopSessionRoutes(deps: WorkshopSessionRouteDeps) {
  const { db, hub } = deps;

  /** After a commit: grant changes announced, streams told, and the new state answered. */
  const committed = async (c: Context<AppEnv>, workshopId: string, changes: GrantChanges) => {
    announceGrantChanges(deps, changes);
    hub.changed(workshopId);
    return c.json({ state: await buildState(db, workshopId) });
  };

  return new Hono<AppEnv>()
    .put('/:id/pairs', async (c) => {
      const access = await requireWorkshopAccess(c, db, c.req.param('id'), 'facilitator');
      requireNotEnded(access);
      const { pairs } = await readBody(c, PairsSchema);
      const changes = await db.transaction().execute(async (trx) => {
        // Again here, after the body arrived: the workshop may have ended meanwhile.
        await lockLiveWorkshop(trx, access.workshopId);
        const checked = checkPairs(pairs, await listParticipantLetters(trx, access.workshopId));
        const result = await replacePairs(trx, access.workshopId, checked);
        await bumpRevision(trx, access.workshopId);
        await recordAudit(trx, { action: 'workshop.paired', actorId: access.auth.user.id, detail: { workshopId: access.workshopId, pairs: pairs.length }, ip: clientAddress(c) });
        return result;
      });
      return committed(c, access.workshopId, changes);
    })
    .delete('/:id/pairs', async (c) => {
      const access = await requireWorkshopAccess(c, db, c.req.param('id'), 'facilitator');
      // After the end there is nothing left to remove: the end removed every grant, and none can be made later.
      requireNotEnded(access);
      const changes = await db.transaction().execute(async (trx) => {
        const result = await replacePairs(trx, access.workshopId, []);
        await bumpRevision(trx, access.workshopId);
        await recordAudit(trx, { action: 'workshop.unpaired', actorId: access.auth.user.id, detail: { workshopId: access.workshopId }, ip: clientAddress(c) });
        return result;
      });
      return committed(c, access.workshopId, changes);
    })
    .put('/:id/spotlight', async (c) => {
      const access = await requireWorkshopAccess(c, db, c.req.param('id'), 'facilitator');
      requireNotEnded(access);
      const { letterId } = await readBody(c, SpotlightSchema);
      await db.transaction().execute(async (trx) => {
        await lockLiveWorkshop(trx, access.workshopId);
        if (letterId !== null && !(await isParticipantLetter(trx, access.workshopId, letterId))) {
          throw new ApiException(400, ErrorCode.badRequest, "Only a participant's letter in this workshop can be spotlighted.");
        }
        await bumpRevision(trx, access.workshopId, { spotlight_letter_id: letterId });
        await recordAudit(trx, {
          action: 'workshop.spotlight',
          actorId: access.auth.user.id,
          letterId,
          detail: { workshopId: access.workshopId, letterId },
          ip: clientAddress(c),
        });
      });
      return committed(c, access.workshopId, { granted: [], revoked: [] });
    })
    .get('/:id/spotlight', async (c) => {
      const access = await requireWorkshopAccess(c, db, c.req.param('id'));
      const spotlight = access.ended ? null : await loadSpotlightContent(deps, access.workshopId);
      if (!spotlight) throw new ApiException(404, 'no_spotlight', 'No letter is on the shared screen.');
      c.header('Cache-Control', 'no-store');
      return c.json({ spotlight });
    })
    .put('/:id/share', async (c) => {
      const access = await requireWorkshopAccess(c, db, c.req.param('id'));
      if (access.role !== 'participant') throw new ApiException(403, 'forbidden', 'Only participants share their letter.');
      requireNotEnded(access);
      const { shared } = await readBody(c, ShareSchema);
      const changes = await db.transaction().execute(async (trx) => {
        if (shared) await lockLiveWorkshop(trx, access.workshopId);
        const participant = await findParticipant(trx, access.workshopId, access.auth.user.id);
        const attached = participant?.letterId ?? null;
        if (shared && attached === null) throw new ApiException(400, 'no_letter', 'Start or attach a letter first.');
        await setSharesText(trx, access.workshopId, access.auth.user.id, shared);
        // Derived from the state just written: only the letter attached now is shared, whatever was before.
        const result = await reconcileGrants(trx, access.workshopId, shared ? GRANT_ROLE.shared : undefined);
        await recordAudit(trx, {
          action: 'workshop.shared',
          actorId: access.auth.user.id,
          letterId: attached,
          detail: { workshopId: access.workshopId, shared },
          ip: clientAddress(c),
        });
        return result;
      });
      announceGrantChanges(deps, changes);
      hub.changed(access.workshopId);
      // The board's "Open shared letter" link comes and goes with it.
      hub.changed(access.workshopId, 'board');
      return c.json({ shared });
    })
    .post('/:id/end', async (c) => {
      const access = await requireWorkshopAccess(c, db, c.req.param('id'), 'facilitator');
      requireNotEnded(access);
      const changes = await db.transaction().execute(async (trx) => {
        // Two requests ending it at once: the second finds it ended and gets the same 409.
        if (!(await markEnded(trx, access.workshopId))) throw new ApiException(409, 'workshop_ended', 'This workshop has ended.');
        // An ended workshop calls for no grant: every one it made goes.
        const result = await reconcileGrants(trx, access.workshopId);
        await recordAudit(trx, {
          action: 'workshop.ended',
          actorId: access.auth.user.id,
          detail: { workshopId: access.workshopId, revokedGrants: result.revoked.length },
          ip: clientAddress(c),
        });
        return result;
      });
      return committed(c, access.workshopId, changes);
    });
}

/**
 * After the transaction committed: every socket on a touched letter is checked again (on every
 * instance), so a revoked grant's sockets close with 4410, and the letter's clients hear that its
 * members changed.
 */
export function announceGrantChanges(deps: Pick<WorkshopSessionRouteDeps, 'connections' | 'access'>, changes: GrantChanges): void {
  const letters = new Set([...changes.granted, ...changes.revoked].map((grant) => grant.letterId));
  if (changes.revoked.length > 0) void deps.access.recheckLetters(changes.revoked.map((grant) => grant.letterId));
  for (const letterId of letters) deps.connections.notify(letterId, 'members');
}
