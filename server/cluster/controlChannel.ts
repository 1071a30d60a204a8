/**
 * The cluster control channel: what one instance must tell every other one besides room updates.
 * Closing sockets (a member removed, a session signed out), letter events for clients, workshop
 * changes for event streams, and resync requests after an instance was cut off from Redis.
 *
 * One Redis channel, JSON messages checked with zod on receipt: a malformed one is logged and
 * dropped. The sender acts locally itself and publishes; receivers act locally and never publish
 * again (messages carry the sending instance's id, and an instance ignores its own). Without Redis
 * the local channel publishes nowhere, so everything stays in-process as before.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CloseReason, LETTER_EVENT_TOPICS } from '../../shared/protocol';
import type { Logger } from '../logger';
import type { RedisPubSub } from './redisPubSub';

/** The Redis channel every instance listens on. */
export const CONTROL_CHANNEL = 'casewrite:control';

const CLOSE_REASON_NAMES = Object.keys(CloseReason) as [keyof typeof CloseReason, ...(keyof typeof CloseReason)[]];

/** Which connections a close applies to: all given fields must match; at least one is given. */
export const ConnectionMatchSchema = z
  .object({ room: z.string().min(1).optional(), userId: z.string().min(1).optional(), sessionId: z.string().min(1).optional() })
  .strict()
  .refine((match) => match.room !== undefined || match.userId !== undefined || match.sessionId !== undefined, 'a match names a room, a user or a session');

/** Every message on the control channel. */
export const ControlMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('close'), match: ConnectionMatchSchema, reason: z.enum(CLOSE_REASON_NAMES) }),
  z.object({ type: z.literal('notify'), room: z.string().min(1), topic: z.enum(LETTER_EVENT_TOPICS) }),
  z.object({ type: z.literal('notifyUser'), userId: z.string().min(1), topic: z.enum(LETTER_EVENT_TOPICS) }),
  z.object({ type: z.literal('workshopChanged'), workshopId: z.string().min(1), signal: z.enum(['state', 'spotlight', 'board']).optional() }),
  z.object({ type: z.literal('resync'), rooms: z.array(z.string()) }),
  z.object({ type: z.literal('recheck'), rooms: z.array(z.string().min(1)).max(1000) }),
]);

/** One control message. */
export type ControlMessage = z.infer<typeof ControlMessageSchema>;

/** What travels: the message and the instance that sent it. */
const EnvelopeSchema = z.object({ from: z.string().min(1), message: ControlMessageSchema });

/** Receives control messages from the other instances. */
export type ControlListener = (message: ControlMessage) => void;

/** Tells the other instances; hears from them. */
export interface ControlChannel {
  /** Sends to every other instance (never to this one); never throws. */
  publish(message: ControlMessage): void;
  /** Listens to what the other instances send; returns the function that stops listening. */
  onMessage(listener: ControlListener): () => void;
  close(): Promise<void>;
}

/** One process, nobody else to tell. */
export function createLocalControlChannel(): ControlChannel {
  return {
    publish() {},
    onMessage() {
      return () => {};
    },
    async close() {},
  };
}

/** The channel over Redis; resolves once this instance is subscribed (or Redis is unreachable). */
export async function createRedisControlChannel(pubsub: RedisPubSub, log: Logger): Promise<ControlChannel> {
  const instanceId = randomUUID();
  const listeners = new Set<ControlListener>();
  const unsubscribe = await pubsub.subscribe(CONTROL_CHANNEL, (payload) => {
    const envelope = parseEnvelope(payload);
    if (!envelope) {
      log.warn('malformed control message dropped', { bytes: payload.byteLength });
      return;
    }
    if (envelope.from === instanceId) return;
    for (const listener of [...listeners]) {
      try {
        listener(envelope.message);
      } catch (error) {
        log.error('control message handler failed', { type: envelope.message.type, error });
      }
    }
  });
  return {
    publish(message) {
      pubsub.publish(CONTROL_CHANNEL, JSON.stringify({ from: instanceId, message }));
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      unsubscribe();
    },
  };
}

function parseEnvelope(payload: Buffer): z.infer<typeof EnvelopeSchema> | null {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = EnvelopeSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
