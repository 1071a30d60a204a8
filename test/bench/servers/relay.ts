/**
 * The floor: a `ws` server that forwards every frame to the other sockets of the same room (the
 * URL path) and does nothing else: no CRDT, no storage, no handshake of its own.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { announceReady } from './ready';

const rooms = new Map<string, Set<WebSocket>>();
const server = createServer((_req, res) => res.end('relay'));
const wss = new WebSocketServer({ server });

wss.on('connection', (socket, request) => {
  const name = request.url ?? '/';
  const room = rooms.get(name) ?? new Set<WebSocket>();
  rooms.set(name, room);
  room.add(socket);
  socket.on('message', (data, isBinary) => {
    for (const peer of room) {
      if (peer !== socket && peer.readyState === peer.OPEN) peer.send(data, { binary: isBinary });
    }
  });
  socket.on('close', () => {
    room.delete(socket);
    if (room.size === 0) rooms.delete(name);
  });
});

// Listening on a TCP port, so the address is an AddressInfo, never a pipe name.
server.listen(0, '127.0.0.1', () => announceReady((server.address() as AddressInfo).port));
