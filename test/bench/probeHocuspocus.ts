/**
 * Checks that Hocuspocus 4 (whose package asks for Node 22) runs on this machine's Node: starts a
 * server with the SQLite extension, syncs two providers through it, and stores the document.
 * Run: `node --import tsx test/bench/probeHocuspocus.ts`; exits 1 with the error otherwise.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SQLite } from '@hocuspocus/extension-sqlite';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { Server } from '@hocuspocus/server';
import WebSocket from 'ws';
import * as Y from 'yjs';

const dir = await mkdtemp(path.join(tmpdir(), 'casewrite-probe-'));
const database = path.join(dir, 'hocuspocus.sqlite');
const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false, extensions: [new SQLite({ database })] });

try {
  await server.listen();
  const url = `ws://127.0.0.1:${server.address.port}`;
  const open = (doc: Y.Doc) => {
    // Node 20 has no global WebSocket: the provider's socket is built with ws.
    const provider = new HocuspocusProvider({ websocketProvider: new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket }), name: 'probe', document: doc });
    provider.attach();
    return provider;
  };
  const [docA, docB] = [new Y.Doc(), new Y.Doc()];
  const [a, b] = [open(docA), open(docB)];
  await until(() => a.isSynced && b.isSynced, 'both providers synced');
  docA.getText('t').insert(0, 'hello from A');
  await until(() => docB.getText('t').toString() === 'hello from A', 'B sees A’s edit');
  for (const provider of [a, b]) {
    provider.destroy();
    provider.configuration.websocketProvider.destroy();
  }
  await server.destroy();
  // destroy() stores every open document, so the row is there now.
  const BetterSqlite3 = (await import('better-sqlite3')).default;
  const rows = new BetterSqlite3(database, { readonly: true }).prepare('SELECT name, length(data) AS bytes FROM documents').all();
  // A package.json always has a version string.
  const { version } = JSON.parse(await readFile('node_modules/@hocuspocus/server/package.json', 'utf8')) as { version: string };
  console.log(`ok: @hocuspocus/server ${version} on Node ${process.version}: two providers synced; stored ${JSON.stringify(rows)}`);
} catch (error) {
  console.error(`failed on Node ${process.version}:`, error);
  process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** Polls `check` every 10 ms for up to 5 s. */
async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
