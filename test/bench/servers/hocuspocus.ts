/** Hocuspocus 4 with its SQLite extension, in the data folder given as the first argument. */
import path from 'node:path';
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';
import { announceReady } from './ready';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: hocuspocus.ts DATA_DIR');

const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  // The generator stops it with SIGTERM; announceReady handles that.
  stopOnSignals: false,
  extensions: [new SQLite({ database: path.join(dataDir, 'hocuspocus.sqlite') })],
});
await server.listen();
announceReady(server.address.port, () => server.destroy());
