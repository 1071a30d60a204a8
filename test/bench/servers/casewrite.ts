/**
 * Casewrite's real server (`startServer`, SQLite in the data folder given as the first argument,
 * or PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set, as in production) with one
 * bench-only difference: every sync socket may connect and write, so the generator needs no
 * accounts. Production's entry (`server/index.ts`) never passes `authorize`.
 */
import { openDatabase } from '../../../server/db/database';
import { startServer } from '../../../server/start';
import { DEFAULT_TEMPLATE_ID } from '../../../shared/templates';
import { announceReady } from './ready';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: casewrite.ts DATA_DIR');

// The store keeps edits only of rooms that are letters: each room the generator opens gets a
// letter row (through a connection of the bench's own) before its first socket joins.
const database = await openDatabase({ dataDir, databaseUrl: process.env.DATABASE_URL || undefined });
// These rows need no flush to disk of their own: a synchronous one would stall the server's event
// loop (this connection lives in its process) each time a letter is first opened.
database.sqlite?.pragma('synchronous = OFF');
const letters = new Set<string>();
async function ensureLetter(room: string): Promise<void> {
  if (letters.has(room)) return;
  const now = new Date().toISOString();
  await database.db
    .insertInto('letters')
    .values({ id: room, title: 'Bench letter', template: DEFAULT_TEMPLATE_ID, created_at: now, updated_at: now })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
  letters.add(room);
}

let connections = 0;
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  // The generator sets these only for scale-out (servers.ts); an empty value means unset.
  databaseUrl: process.env.DATABASE_URL || undefined,
  redisUrl: process.env.REDIS_URL || undefined,
  authorize: async (_c, room) => {
    await ensureLetter(room);
    connections += 1;
    // Unique across instances too, which share one database.
    return { allowed: true, identity: { userId: `bench-user-${process.pid}-${connections}`, sessionId: `bench-session-${process.pid}-${connections}` }, canWrite: true };
  },
});
announceReady(server.port, async () => {
  await server.close();
  await database.db.destroy();
});
