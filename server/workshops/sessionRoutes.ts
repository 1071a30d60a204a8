/** `/api/workshops`: peer-review pairs, spotlight, sharing with the facilitator, ending the session. (Being built.) */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { ConnectionRegistry } from '../collab/connections';
import type { DocStore } from '../collab/docStore';
import type { RoomManager } from '../collab/rooms';
import type { Database } from '../db/schema';
import type { AppEnv } from '../http/context';
import type { WorkshopHub } from './hub';

/** What the workshop routes need. */
export interface WorkshopSessionRouteDeps {
  db: Kysely<Database>;
  docStore: DocStore;
  rooms: RoomManager;
  connections: ConnectionRegistry;
  hub: WorkshopHub;
}

/** Builds the session routes, mounted at /api/workshops. */
export function createWorkshopSessionRoutes(deps: WorkshopSessionRouteDeps) {
  void deps;
  return new Hono<AppEnv>();
}
