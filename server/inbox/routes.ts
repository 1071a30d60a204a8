/** `/api/inbox`: the signed-in user's notifications. (Being built.) */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AppEnv } from '../http/context';

/** What the inbox routes need. */
export interface InboxRouteDeps {
  db: Kysely<Database>;
}

/** Builds the inbox routes, mounted at /api/inbox. */
export function createInboxRoutes(deps: InboxRouteDeps) {
  void deps;
  return new Hono<AppEnv>();
}
