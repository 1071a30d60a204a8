/** `/api/letters/:id/versions`: version history, compare and restore. (Being built.) */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { ConnectionRegistry } from '../collab/connections';
import type { DocStore } from '../collab/docStore';
import type { RoomManager } from '../collab/rooms';
import type { Database } from '../db/schema';
import type { AppEnv } from '../http/context';

/** What the version routes need. */
export interface VersionRouteDeps {
  db: Kysely<Database>;
  docStore: DocStore;
  rooms: RoomManager;
  connections: ConnectionRegistry;
}

/** Builds the version routes, mounted at /api/letters. */
export function createVersionRoutes(deps: VersionRouteDeps) {
  void deps;
  return new Hono<AppEnv>();
}
