/**
 * The event stream's own lifecycle, on the stream function in-process with a short keep-alive:
 * a comment when idle, one shared state build per change, and every subscription gone on abort.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { workshopPresenceKey } from '../../../server/cluster/presence';
import type { AppEnv } from '../../../server/http/context';
import { silentLogger } from '../../../server/logger';
import { ConnectionRegistry } from '../../../server/collab/connections';
import { WorkshopHub } from '../../../server/workshops/hub';
import { SharedStateBuilder, StreamFollowers, streamWorkshopState } from '../../../server/workshops/stream';
import { bumpRevision } from '../../../server/workshops/state';
import { insertWorkshop } from '../../../server/workshops/store';
import { DEFAULT_AGENDA } from '../../../shared/workshops';
import { useTestResources } from '../../helpers/resources';
import { waitUntil } from '../../helpers/wait';

const resources = useTestResources();

/** A database with one user and one workshop they facilitate. */
async function startDatabase() {
  const { db } = await resources.openDatabase();
  const userId = randomUUID();
  await db
    .insertInto('users')
    .values({ id: userId, email: `${userId}@casewrite.test`, name: 'Facilitator', profession: 'organizer', password_hash: 'unused', is_admin: 0, created_at: new Date().toISOString() })
    .execute();
  const workshopId = await db.transaction().execute((trx) => insertWorkshop(trx, { title: 'Stream', date: '2030-01-01', createdBy: userId, agenda: DEFAULT_AGENDA }));
  return { db, userId, workshopId };
}

describe('a stream', () => {
  it('sends keep-alive comments when idle, the state after each change, and unsubscribes when the client goes away', async () => {
    const { db, userId, workshopId } = await startDatabase();
    const hub = new WorkshopHub();
    const followers = new StreamFollowers();
    const deps = { db, hub, followers, builder: new SharedStateBuilder(db), log: silentLogger, connections: new ConnectionRegistry(), keepAliveMs: 30 };
    const app = new Hono<AppEnv>().get('/events', (c) => streamWorkshopState(c, deps, { workshopId, userId, sessionId: 'session' }));

    const response = await app.request('/events');
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader(); // a stream response always has a body
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before ${pattern}`);
        text += decoder.decode(value, { stream: true });
      }
    };

    await readUntil(/event: state\ndata: \{.*"revision":0.*\}\n\n/);
    expect(hub.followers(workshopId)).toBe(1);
    expect([...followers.presenceKeys()]).toEqual([workshopPresenceKey(workshopId, userId)]);
    await readUntil(/: keep-alive\n\n/);

    await bumpRevision(db, workshopId);
    hub.changed(workshopId);
    await readUntil(/"revision":1/);

    await reader.cancel();
    await waitUntil(() => expect(hub.followers(workshopId)).toBe(0));
    expect([...followers.presenceKeys()]).toEqual([]);
  });

  it('builds the state once for every stream told of the same change', async () => {
    const { db, workshopId } = await startDatabase();
    const builder = new SharedStateBuilder(db);
    const first = builder.build(workshopId);
    expect(builder.build(workshopId), 'in the same turn').toBe(first);
    await first;
    await bumpRevision(db, workshopId);
    const later = builder.build(workshopId);
    expect(later).not.toBe(first);
    expect((await later).revision).toBe(1);
  });
});
