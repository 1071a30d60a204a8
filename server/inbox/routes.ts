/**
 * `/api/inbox`: the signed-in user's notifications (mentions, replies to their threads, review
 * requests and outcomes) on letters they are still a member of, and marking them read.
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { requireAuth } from '../auth/middleware';
import type { Database } from '../db/schema';
import { idParam } from '../http/params';
import type { AppEnv } from '../http/context';
import { notFound } from '../http/errors';
import { countUnread, listInbox, markAllRead, markRead } from './store';

/** What the inbox routes need. */
export interface InboxRouteDeps {
  db: Kysely<Database>;
}

/** Builds the inbox routes, mounted at /api/inbox. */
export function createInboxRoutes({ db }: InboxRouteDeps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const { user } = requireAuth(c);
      const [items, unread] = await Promise.all([listInbox(db, user.id), countUnread(db, user.id)]);
      return c.json({ items, unread });
    })
    .post('/read-all', async (c) => {
      const { user } = requireAuth(c);
      await markAllRead(db, user.id);
      return c.body(null, 204);
    })
    .post('/:itemId/read', async (c) => {
      const { user } = requireAuth(c);
      // Someone else's item is as unknown as a missing one.
      if (!(await markRead(db, user.id, idParam(c, 'itemId', 'No such inbox item.')))) throw notFound('No such inbox item.');
      return c.body(null, 204);
    });
}
