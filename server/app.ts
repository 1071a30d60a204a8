/** Builds the Hono app: health, API, sync endpoint and the built client. Wiring only. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import { SYNC_PATH } from '../shared/protocol';
import type { DocStore } from './collab/docStore';
import type { Heartbeat } from './collab/heartbeat';
import type { RoomManager } from './collab/rooms';
import type { AuthorizeConnection } from './collab/upgrade';
import { createSyncRoutes } from './collab/upgrade';
import type { Database } from './db/schema';
import { ApiException, createErrorHandler, ErrorCode, notFound } from './http/errors';
import { requireSameOrigin } from './http/origin';
import { findLetter } from './letters/store';
import { createLetterRoutes } from './letters/routes';
import type { Logger } from './logger';
import { LetterIdSchema } from '../shared/letters';

/** Largest JSON body the API accepts. */
const MAX_BODY_BYTES = 64 * 1024;

/** The built client (`vite build` output). */
export const CLIENT_DIST = fileURLToPath(new URL('../client/dist', import.meta.url));

/** Everything the app is built from. */
export interface AppDeps {
  db: Kysely<Database>;
  docStore: DocStore;
  rooms: RoomManager;
  heartbeat: Heartbeat;
  log: Logger;
  /** Origins whose pages may change data and open sync sockets. */
  allowedOrigins: readonly string[];
  /** Overrides who may connect to a room; by default anyone may edit any existing letter. */
  authorize?: AuthorizeConnection;
}

/** Returns the Hono app; `start.ts` serves it, tests may call `app.request()`. */
export function createApp(deps: AppDeps) {
  const authorize: AuthorizeConnection =
    deps.authorize ??
    (async (_c, room) => {
      const id = LetterIdSchema.safeParse(room);
      if (!id.success) return null;
      return (await findLetter(deps.db, id.data)) ? { canWrite: true } : null;
    });

  const api = new Hono()
    .use(requireSameOrigin(deps.allowedOrigins, 'unsafe-methods'))
    .use(
      bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: () => {
          throw new ApiException(413, ErrorCode.payloadTooLarge, `Request body is larger than ${MAX_BODY_BYTES} bytes.`);
        },
      }),
    )
    .route('/letters', createLetterRoutes(deps))
    .all('*', () => {
      throw notFound('No such API route.');
    });

  const app = new Hono()
    .get('/healthz', (c) => c.json({ ok: true }))
    .route('/api', api)
    .use(`${SYNC_PATH}/*`, requireSameOrigin(deps.allowedOrigins, 'all'))
    .route(SYNC_PATH, createSyncRoutes({ rooms: deps.rooms, heartbeat: deps.heartbeat, authorize, log: deps.log }));

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
