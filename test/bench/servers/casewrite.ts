/**
 * Casewrite's real server (`startServer`, SQLite in the data folder given as the first argument,
 * or PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set, as in production) with one
 * bench-only difference: every sync socket may connect and write, so the generator needs no
 * accounts. Production's entry (`server/index.ts`) never passes `authorize`.
 */
import { startServer } from '../../../server/start';
import { announceReady } from './ready';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: casewrite.ts DATA_DIR');

let connections = 0;
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  // The generator sets these only for scale-out (servers.ts); an empty value means unset.
  databaseUrl: process.env.DATABASE_URL || undefined,
  redisUrl: process.env.REDIS_URL || undefined,
  authorize: async () => {
    connections += 1;
    // Unique across instances too, which share one database.
    return { allowed: true, identity: { userId: `bench-user-${process.pid}-${connections}`, sessionId: `bench-session-${process.pid}-${connections}` }, canWrite: true };
  },
});
announceReady(server.port, () => server.close());
