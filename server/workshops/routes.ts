/**
 * `/api/workshops`: workshops and their agenda, joining by code, participants' letters, the live
 * state (read, stream, act), presence and the facilitator's board. Pairs, spotlight, sharing and
 * ending live in sessionRoutes.ts. Every change is audited in its transaction and announced with
 * `hub.changed` after commit when it touches the live state.
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import {
  DEFAULT_AGENDA,
  FOCUS_SECTION_KEYS,
  JoinSchema,
  ParticipantLetterSchema,
  PresenceSchema,
  WorkshopActionSchema,
  WorkshopCreateSchema,
  WorkshopUpdateSchema,
} from '../../shared/workshops';
import { LetterLimits } from '../../shared/limits';
import { recordAudit } from '../audit/store';
import { requireAuth } from '../auth/middleware';
import type { AccessChecker } from '../cluster/recheckAccess';
import type { ConnectionRegistry } from '../collab/connections';
import { decideAccess } from '../access/decide';
import type { DocStore } from '../collab/docStore';
import type { RoomManager } from '../collab/rooms';
import type { Database } from '../db/schema';
import type { AppEnv } from '../http/context';
import { clientAddress } from '../http/context';
import { ApiException, notFound } from '../http/errors';
import { validate } from '../http/validate';
import { createLetter, takeLetterQuota } from '../letters/create';
import type { Limiters } from '../auth/rateLimit';
import { takeFromLimits } from '../http/throttle';
import { findRole } from '../letters/store';
import type { Logger } from '../logger';
import { consoleLogger } from '../logger';
import { requireNotEnded, requireWorkshopAccess } from './access';
import { performAction } from './actions';
import { changeAgenda } from './agenda';
import { buildBoard } from './board';
import type { GrantChanges } from './grants';
import { lockLiveWorkshop, reconcileGrants } from './grants';
import { announceGrantChanges } from './sessionRoutes';
import type { WorkshopHub } from './hub';
import { buildState } from './state';
import type { Presence } from '../cluster/presence';
import { letterPresenceKey, workshopPresenceKey } from '../cluster/presence';
import { SharedStateBuilder, StreamFollowers, streamWorkshopState } from './stream';
import {
  addParticipant,
  findMember,
  findWorkshopByCode,
  findWorkshopForUser,
  insertWorkshop,
  listWorkshopsForUser,
  setCurrentSection,
  setMemberLetter,
} from './store';

/** What the workshop routes need. */
export interface WorkshopRouteDeps {
  db: Kysely<Database>;
  docStore: DocStore;
  rooms: RoomManager;
  connections: ConnectionRegistry;
  hub: WorkshopHub;
  /** Who follows which workshop or has which letter open, on any instance: the board's "online". */
  presence: Presence;
  /** Checks open sockets again when a change takes access away. */
  access: AccessChecker;
  /** Where stream failures are logged (default: the console). */
  log?: Logger;
  /** Rate limits (join-code attempts, letters created). */
  limiters: Limiters;
}

/** 401 before anything else (validation included), so an anonymous request learns nothing. */
const signedIn = createMiddleware<AppEnv>(async (c, next) => {
  requireAuth(c);
  await next();
});

/** Builds the workshop routes, mounted at /api/workshops. */
export function createWorkshopRoutes(deps: WorkshopRouteDeps) {
  const { db, hub } = deps;
  const followers = new StreamFollowers();
  deps.presence.addSource(() => followers.presenceKeys());
  const builder = new SharedStateBuilder(db);
  const log = deps.log ?? consoleLogger;

  /** The workshop as the caller sees it (they are a member: the route checked). */
  const workshopFor = async (workshopId: string, userId: string) => {
    const workshop = await findWorkshopForUser(db, workshopId, userId);
    if (!workshop) throw notFound('No such workshop.');
    return workshop;
  };

  return new Hono<AppEnv>()
    .post('/', signedIn, validate('json', WorkshopCreateSchema), async (c) => {
      const { user } = requireAuth(c);
      const { title, date, agenda } = c.req.valid('json');
      const id = await db.transaction().execute(async (trx) => {
        const created = await insertWorkshop(trx, { title, date, createdBy: user.id, agenda: agenda ?? DEFAULT_AGENDA });
        await recordAudit(trx, { action: 'workshop.created', actorId: user.id, detail: { workshopId: created }, ip: clientAddress(c) });
        return created;
      });
      return c.json({ workshop: await workshopFor(id, user.id) }, 201);
    })
    .get('/', signedIn, async (c) => {
      const { user } = requireAuth(c);
      return c.json({ workshops: await listWorkshopsForUser(db, user.id) });
    })
    .post('/join', signedIn, validate('json', JoinSchema), async (c) => {
      const { user } = requireAuth(c);
      // Every attempt counts, right or wrong, so a burst of guesses at once cannot slip under the limit.
      const attempts = [[deps.limiters.joinAttemptsPerAccount, user.id], [deps.limiters.joinAttemptsPerAddress, clientAddress(c) ?? 'unknown']] as const;
      await takeFromLimits(c, attempts, 'Too many join codes were tried.');
      const found = await findWorkshopByCode(db, c.req.valid('json').code);
      if (!found) throw new ApiException(404, 'unknown_code', 'No workshop has this code.');
      if (found.ended_at !== null) throw new ApiException(409, 'workshop_ended', 'This workshop has ended.');
      if (!(await findMember(db, found.id, user.id))) {
        await db.transaction().execute(async (trx) => {
          await lockLiveWorkshop(trx, found.id);
          // Checked again inside the transaction: two joins of one person at once add one member.
          if (await findMember(trx, found.id, user.id)) return;
          await addParticipant(trx, found.id, user.id);
          await recordAudit(trx, { action: 'workshop.joined', actorId: user.id, detail: { workshopId: found.id }, ip: clientAddress(c) });
        });
      }
      return c.json({ workshop: await workshopFor(found.id, user.id) });
    })
    .get('/:id', async (c) => {
      const access = await requireWorkshopAccess(c, db, c.req.param('id'));
      return c.json({ workshop: await workshopFor(access.workshopId, access.auth.user.id) });
    })
    .patch('/:id', signedIn, validate('json', WorkshopUpdateSchema), async (c) => {
      const access = await requireWorkshopAccess(c, db, c.req.param('id'), 'facilitator');
      requireNotEnded(access);
      const changes = c.req.valid('json');
      await db.transaction().execute(async (trx) => {
        await changeAgenda(trx, access.workshopId, changes);
        const changed = Object.keys(changes).join(',');
        await recordAudit(trx, { action: 'workshop.updated', actorId: access.auth.user.id, detail: { workshopId: access.workshopId, changed }, ip: clientAddress(c) });
      });
      // The revision moved: followers learn that the workshop (its agenda) changed, and refetch it.
      hub.changed(access.workshopId);
      return c.json({ workshop: await workshopFor(access.workshopId, access.auth.user.id) });
    })
    .post('/:id/letter', signedIn, validate('json', ParticipantLetterSchema), async (c) => {
      const access = await requireWorkshopAccess(c, db, c.req.param('id'));
      if (access.role !== 'participant') throw new ApiException(403, 'forbidden', 'Only participants bring a letter.');
      requireNotEnded(access);
      const body = c.req.valid('json');
      const { user } = access.auth;
      const ip = clientAddress(c);
      let changes: GrantChanges = { granted: [], revoked: [] };
      const attach = async (trx: Kysely<Database>, letterId: string) => {
        await lockLiveWorkshop(trx, access.workshopId);
        await setMemberLetter(trx, access.workshopId, user.id, letterId);
        // The letter brought before is no longer theirs in the workshop: what it granted goes.
        changes = await reconcileGrants(trx, access.workshopId);
        await recordAudit(trx, { action: 'workshop.letter_attached', actorId: user.id, letterId, detail: { workshopId: access.workshopId, mode: body.mode }, ip });
      };
      if (body.mode === 'new') {
        const workshop = await workshopFor(access.workshopId, user.id);
        const title = (body.title ?? `${workshop.title} (${user.name})`).slice(0, LetterLimits.maxTitleLength);
        await takeLetterQuota(c, deps.limiters, user.id);
        await createLetter({ db, docStore: deps.docStore }, { title, ownerId: user.id, ip }, (trx, letter) => attach(trx, letter.id));
      } else {
        const role = await findRole(db, body.letterId, user.id);
        if (!role) throw notFound('No such letter.');
        if (role !== 'owner') throw new ApiException(403, 'forbidden', 'Only an owner of the letter can bring it to a workshop.');
        await db.transaction().execute(async (trx) => {
          // Checked again in the transaction: an owner demoted meanwhile brings nothing.
          if ((await findRole(trx, body.letterId, user.id)) !== 'owner') throw new ApiException(403, 'forbidden', 'Only an owner of the letter can bring it to a workshop.');
          await attach(trx, body.letterId);
        });
      }
      announceGrantChanges(deps, changes);
      hub.changed(access.workshopId);
      return c.json({ workshop: await workshopFor(access.workshopId, user.id) }, 201);
    })
    .get('/:id/state', async (c) => {
      const access = await requireWorkshopAccess(c, db, c.req.param('id'));
      return c.json({ state: await buildState(db, access.workshopId) });
    })
    .get('/:id/events', async (c) => {
      const access = await requireWorkshopAccess(c, db, c.req.param('id'));
      const holder = { userId: access.auth.user.id, sessionId: access.auth.session.id };
      // The same decision that later re-checks the open stream (sign-out, session expiry).
      if (!(await decideAccess(db, holder, { kind: 'workshop', workshopId: access.workshopId })).allowed) throw notFound('No such workshop.');
      return streamWorkshopState(c, { db, hub, followers, builder, log, connections: deps.connections }, { workshopId: access.workshopId, ...holder });
    })
    .post('/:id/actions', signedIn, validate('json', WorkshopActionSchema), async (c) => {
      const access = await requireWorkshopAccess(c, db, c.req.param('id'));
      requireNotEnded(access);
      if (await performAction(db, access, c.req.valid('json'), clientAddress(c))) hub.changed(access.workshopId);
      return c.json({ state: await buildState(db, access.workshopId) });
    })
    .put('/:id/presence', signedIn, validate('json', PresenceSchema), async (c) => {
      const access = await requireWorkshopAccess(c, db, c.req.param('id'));
      if (access.role !== 'participant') throw new ApiException(403, 'forbidden', 'Only participants report where they are.');
      requireNotEnded(access);
      const { section } = c.req.valid('json');
      // Only known keys: the board shows this value, and it must never carry text from the letter.
      if (section !== null && !FOCUS_SECTION_KEYS.includes(section)) throw new ApiException(400, 'bad_request', "section must be one of the letter's section keys");
      await setCurrentSection(db, access.workshopId, access.auth.user.id, section);
      return c.body(null, 204);
    })
    .get('/:id/board', async (c) => {
      const access = await requireWorkshopAccess(c, db, c.req.param('id'), 'facilitator');
      const online = await deps.presence.online();
      const isOnline = (userId: string, letterId: string | null) =>
        online.has(workshopPresenceKey(access.workshopId, userId)) || (letterId !== null && online.has(letterPresenceKey(letterId, userId)));
      return c.json({ participants: await buildBoard({ db, docStore: deps.docStore, rooms: deps.rooms, isOnline }, access.workshopId) });
    });
}
