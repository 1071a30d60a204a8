/** `/api/letters/:id/reviews`: review requests and their outcomes. (Being built.) */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { ConnectionRegistry } from '../collab/connections';
import type { DocStore } from '../collab/docStore';
import type { RoomManager } from '../collab/rooms';
import type { Database } from '../db/schema';
import type { AppEnv } from '../http/context';

/** What the review routes need. */
export interface ReviewRouteDeps {
  db: Kysely<Database>;
  docStore: DocStore;
  rooms: RoomManager;
  connections: ConnectionRegistry;
}

/** Builds the review routes, mounted at /api/letters. */
export function createReviewRoutes(deps: ReviewRouteDeps) {
  void deps;
  return new Hono<AppEnv>();
}
