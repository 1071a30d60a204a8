/** Builds the Hono app: health, API, sync endpoint and the built client. Wiring only. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import { SYNC_PATH } from '../shared/protocol';
import { createAuditRoutes } from './audit/routes';
import { loadSession } from './auth/middleware';
import { createAuthRoutes } from './auth/routes';
import type { Limiters } from './auth/rateLimit';
import { createMemoryLimiters } from './auth/rateLimit';
import { createCaseRoutes } from './case/routes';
import { createChecklistRoutes } from './checklist/routes';
import { createCommentRoutes } from './comments/routes';
import type { Presence } from './cluster/presence';
import { AccessChecker } from './cluster/recheckAccess';
import { createLocalPresence } from './cluster/presence';
import { authorizeByMembership } from './collab/access';
import type { ConnectionRegistry } from './collab/connections';
import type { DocStore } from './collab/docStore';
import type { RoomManager } from './collab/rooms';
import type { AuthorizeConnection } from './collab/upgrade';
import { createSyncRoutes } from './collab/upgrade';
import type { Database } from './db/schema';
import { ExportPool } from './export/pool';
import { createExportRoutes } from './export/routes';
import { createInboxRoutes } from './inbox/routes';
import type { AppEnv } from './http/context';
import { ApiException, createErrorHandler, ErrorCode, notFound } from './http/errors';
import { requireSameOrigin } from './http/origin';
import { resolveClientAddress } from './http/proxy';
import { noStore, securityHeaders } from './http/securityHeaders';
import { createLetterRoutes } from './letters/routes';
import type { Logger } from './logger';
import type { Mailer } from './mail/mailer';
import { createMemberRoutes } from './members/routes';
import { createReviewRoutes } from './reviews/routes';
import { createSettingsRoutes, createSignatureRoutes } from './settings/routes';
import { createVersionRoutes } from './versions/routes';
import type { WorkshopHub } from './workshops/hub';
import { createWorkshopRoutes } from './workshops/routes';
import { createWorkshopSessionRoutes } from './workshops/sessionRoutes';
import { createLostLetterHook } from './workshops/lostLetters';

/** Largest JSON body the API accepts. */
const MAX_BODY_BYTES = 64 * 1024;

/** The built client (`vite build` output). */
export const CLIENT_DIST = fileURLToPath(new URL('../client/dist', import.meta.url));

/** Everything the app is built from. */
export interface AppDeps {
  db: Kysely<Database>;
  docStore: DocStore;
  rooms: RoomManager;
  connections: ConnectionRegistry;
  log: Logger;
  /** Origins whose pages may change data and open sync sockets; the first is the public one. */
  allowedOrigins: readonly string[];
  /** `invite` closes open sign-up. */
  signup: 'open' | 'invite';
  /** Send the session cookie with `Secure` (the public origin is https). */
  secureCookies: boolean;
  /** Follows workshops' live state for their event streams. */
  workshopHub: WorkshopHub;
  /** Overrides who may connect to a room; by default, signed-in members per their role. */
  authorize?: AuthorizeConnection;
  /** Rate limits (RequestLimits); by default counted in this process (several instances share them through Redis). */
  limiters?: Limiters;
  /** Who is online; by default those connected to this process (several instances share it through Redis). */
  presence?: Presence;
  /** Checks open sockets and streams again when access changes; by default for this process only. */
  access?: AccessChecker;
  /** Reverse proxies whose X-Forwarded-For names the client; by default none. */
  trustedProxies?: readonly string[];
  /** Sends invites and address confirmations; without it, owners pass invite links on themselves. */
  mailer?: Mailer;
  /** Where exports run; by default a pool made here (whoever passes one closes it). */
  exports?: ExportPool;
}

/** Returns the Hono app; `start.ts` serves it, tests may call `app.request()`. */
export function createApp(deps: AppDeps) {
  const { db, connections } = deps;
  const publicOrigin = () => deps.allowedOrigins[0] ?? '';
  const limiters = deps.limiters ?? createMemoryLimiters();
  const presence = deps.presence ?? createLocalPresence();
  presence.addSource(() => connections.presenceKeys());
  const access = deps.access ?? new AccessChecker(db, connections, deps.log);
  const { auth, me } = createAuthRoutes({ db, signup: deps.signup, secureCookies: deps.secureCookies, connections, limiters, mailer: deps.mailer, publicOrigin });
  const { members, invites } = createMemberRoutes({ db, connections, publicOrigin, mailer: deps.mailer, onMembershipChanged: createLostLetterHook(access, deps.workshopHub) });
  const { letterAudit, adminAudit } = createAuditRoutes(db);
  const workshopDeps = { db, docStore: deps.docStore, rooms: deps.rooms, connections, hub: deps.workshopHub, presence, limiters, access };

  const api = new Hono<AppEnv>()
    .use(requireSameOrigin(deps.allowedOrigins, 'unsafe-methods'))
    .use(
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: () => {
          throw new ApiException(413, ErrorCode.payloadTooLarge, `Request body is larger than ${MAX_BODY_BYTES} bytes.`);
        },
      }),
    )
    .route('/auth', auth)
    .route('/me', me)
    .route('/me/signature', createSignatureRoutes({ db }))
    .route('/settings', createSettingsRoutes({ db }))
    .route('/letters', createLetterRoutes({ db, docStore: deps.docStore, rooms: deps.rooms, connections, presence, limiters }))
    .route('/letters', members)
    .route('/letters', createCaseRoutes({ db, connections }))
    .route('/letters', createChecklistRoutes({ db, connections }))
    .route('/letters', createExportRoutes({ db, docStore: deps.docStore, rooms: deps.rooms, exports: deps.exports ?? new ExportPool() }))
    .route('/letters', letterAudit)
    .route('/letters', createCommentRoutes({ db, connections }))
    .route('/letters', createReviewRoutes({ db, docStore: deps.docStore, rooms: deps.rooms, connections }))
    .route('/letters', createVersionRoutes({ db, docStore: deps.docStore, rooms: deps.rooms, connections }))
    .route('/inbox', createInboxRoutes({ db }))
    .route('/workshops', createWorkshopRoutes(workshopDeps))
    .route('/workshops', createWorkshopSessionRoutes(workshopDeps))
    .route('/invites', invites)
    .route('/admin', adminAudit)
    .all('*', () => {
      throw notFound('No such API route.');
    });

  const app = new Hono<AppEnv>()
    .use(resolveClientAddress(deps.trustedProxies ?? []))
    .use(securityHeaders({ https: deps.secureCookies, origins: () => deps.allowedOrigins }))
    .get('/healthz', (c) => c.json({ ok: true }))
    .use('/api/*', noStore(), loadSession(db, deps.secureCookies))
    .route('/api', api)
    .use(`${SYNC_PATH}/*`, noStore(), requireSameOrigin(deps.allowedOrigins, 'all'), loadSession(db, deps.secureCookies))
    .route(
      SYNC_PATH,
      createSyncRoutes({ rooms: deps.rooms, connections, authorize: deps.authorize ?? authorizeByMembership(db), log: deps.log }),
    );

  if (existsSync(CLIENT_DIST)) {
    app.use('*', serveStatic({ root: CLIENT_DIST }));
    // Client-side routes (/letters/:id) load the app shell.
    app.get('*', serveStatic({ root: CLIENT_DIST, path: 'index.html' }));
  } else {
    app.get('*', (c) => c.text('The client is not built yet: run `npm run build` (npm start does it for you).', 503));
  }

  app.onError(createErrorHandler(deps.log));
  return app;
}
