/** `/api/letters/:id/threads`: comment threads beside the text. (Being built.) */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { ConnectionRegistry } from '../collab/connections';
import type { Database } from '../db/schema';
import type { AppEnv } from '../http/context';

/** What the comment routes need. */
export interface CommentRouteDeps {
  db: Kysely<Database>;
  connections: ConnectionRegistry;
}

/** Builds the comment routes, mounted at /api/letters. */
export function createCommentRoutes(deps: CommentRouteDeps) {
  void deps;
  return new Hono<AppEnv>();
}
