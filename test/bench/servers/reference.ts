/** The reference server for yjs 13: `@y/websocket-server` 0.1.1 as its own bin runs it, in memory. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import { announceReady } from './ready';

const server = createServer((_req, res) => res.end('okay'));
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});

// Listening on a TCP port, so the address is an AddressInfo, never a pipe name.
server.listen(0, '127.0.0.1', () => announceReady((server.address() as AddressInfo).port));
