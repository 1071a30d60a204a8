/**
 * Casewrite's real server (`startServer`, SQLite in the data folder given as the first argument)
 * with one bench-only difference: every sync socket may connect and write, so the generator
 * needs no accounts. Production's entry (`server/index.ts`) never passes `authorize`.
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
  authorize: async () => {
    connections += 1;
    return { allowed: true, identity: { userId: `bench-user-${connections}`, sessionId: `bench-session-${connections}` }, canWrite: true };
  },
});
announceReady(server.port, () => server.close());
