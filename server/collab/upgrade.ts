/**
 * The `/sync/:room` endpoint: decides who may connect with what rights, upgrades the request,
 * and glues the socket to its room. Frames that arrive while the room loads wait in order; every
 * frame is validated before anything acts on it.
 */
import { upgradeWebSocket } from '@hono/node-server';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { WebSocket } from 'ws';
import { SyncLimits } from '../../shared/limits';
import { ACK_PARAM, CloseReason, MAX_FRAME_BYTES } from '../../shared/protocol';
import type { AppEnv } from '../http/context';
import type { Logger } from '../logger';
import type { CloseReasonValue, ConnectionIdentity } from './connection';
import { Connection } from './connection';
import type { ConnectionRegistry } from './connections';
import type { ClientFrame } from './protocol';
import { FrameError, parseClientFrame } from './protocol';
import type { Room } from './room';
import type { RoomManager } from './rooms';

/**
 * Bytes of frames a connection may send before its room has loaded. They wait in memory until it
 * has, so past this (far more than a client sends before it hears the server) it is closed with 1009.
 */
export const MAX_QUEUED_BYTES = 2 * MAX_FRAME_BYTES;

/** Whether a connection may use its room, and whether it may write. */
export type ConnectionDecision =
  | { allowed: true; identity: ConnectionIdentity; canWrite: boolean }
  | { allowed: false; reason: CloseReasonValue };

/** Decides, per connection, whether it may use the room and whether it may write. */
export type AuthorizeConnection = (c: Context<AppEnv>, room: string) => Promise<ConnectionDecision>;

/** What the sync route needs. */
export interface SyncRouteDeps {
  rooms: RoomManager;
  connections: ConnectionRegistry;
  authorize: AuthorizeConnection;
  log: Logger;
}

/** Builds the sync sub-app, mounted at SYNC_PATH. */
export function createSyncRoutes(deps: SyncRouteDeps) {
  return new Hono<AppEnv>().get(
    '/:room',
    upgradeWebSocket(
      async (c) => {
        const room = c.req.param('room') ?? '';
        const decision = await deps.authorize(c, room);
        const wantsAck = c.req.query(ACK_PARAM) === '1';
        let conn: Connection | null = null;
        let joined: Room | null = null;
        const queued: ClientFrame[] = [];
        let queuedBytes = 0;

        const handleFrame = (frame: ClientFrame, bytes: number) => {
          if (!conn || conn.closed) return;
          if (joined) {
            dispatch(joined, conn, frame);
            return;
          }
          queuedBytes += bytes;
          if (queuedBytes > MAX_QUEUED_BYTES) {
            queued.length = 0;
            conn.close(CloseReason.tooBig);
            return;
          }
          queued.push(frame);
        };
        /** Acts on a valid frame; if that fails anyway, the client reconnects and resyncs rather than carry on unheard. */
        const dispatch = (target: Room, from: Connection, frame: ClientFrame) => {
          try {
            target.handleFrame(from, frame);
          } catch (error) {
            // Some checks need the room's document, so a frame can still prove malformed here.
            if (error instanceof FrameError) {
              deps.log.warn('malformed sync frame', { room, reason: error.message });
              from.close(CloseReason.malformedFrame);
              return;
            }
            deps.log.error('sync frame failed', { room, kind: frame.kind, error });
            from.close(CloseReason.serverError);
          }
        };

        return {
          onOpen(_event, ws) {
            // The node-server adapter hands us the `ws` WebSocket it created.
            const socket = ws.raw as WebSocket;
            if (!decision.allowed) {
              // Refused after the upgrade, with a close code the stock client treats as final.
              socket.close(decision.reason.code, decision.reason.reason);
              return;
            }
            // Counted on this instance: enough for tabs and devices, too few to swamp a letter.
            if (deps.connections.countOpen({ room, userId: decision.identity.userId }) >= SyncLimits.maxSocketsPerAccountPerLetter) {
              deps.log.warn('sync socket refused: too many sockets on this letter', { room, userId: decision.identity.userId });
              socket.close(CloseReason.tooManySockets.code, CloseReason.tooManySockets.reason);
              return;
            }
            const opened = new Connection(socket, room, decision.identity, decision.canWrite, wantsAck, deps.log);
            conn = opened;
            deps.connections.add(opened);
            void deps.rooms.connect(opened).then((loaded) => {
              if (!loaded) return;
              joined = loaded;
              for (const frame of queued.splice(0)) dispatch(loaded, opened, frame);
            });
          },
          onMessage(event) {
            if (!conn || conn.closed) return;
            if (typeof event.data === 'string') {
              conn.close(CloseReason.textFrame);
              return;
            }
            try {
              // Binary frames arrive as ArrayBuffer from the node-server adapter.
              const data = new Uint8Array(event.data as ArrayBuffer);
              handleFrame(parseClientFrame(data), data.byteLength);
            } catch (error) {
              if (!(error instanceof FrameError)) throw error;
              deps.log.warn('malformed sync frame', { room, reason: error.message });
              conn.close(CloseReason.malformedFrame);
            }
          },
          onClose() {
            queued.length = 0;
            if (!conn) return;
            conn.markClosed();
            const reached = conn.limitsReached();
            if (reached) deps.log.warn('sync socket ran into limits', { room, userId: conn.userId, ...reached });
            deps.connections.remove(conn);
            if (joined) deps.rooms.disconnect(conn, joined);
          },
          onError(event) {
            // ws closes the socket itself (1009 for oversized frames); this only records why.
            const error = (event as ErrorEvent).error as unknown;
            deps.log.warn('sync socket error', { room, error });
          },
        };
      },
      { onError: (error) => deps.log.error('sync handler failed', { error }) },
    ),
  );
}
