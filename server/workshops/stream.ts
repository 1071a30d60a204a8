/**
 * `GET /api/workshops/:id/events`: the live state as Server-Sent Events. Each stream sends an event
 * `state` (the whole WorkshopState as JSON) at once, then one after every `hub.changed(id)`, and a
 * comment every so often so proxies and browsers keep the connection. When several streams follow
 * one workshop, a change builds the state once and every stream sends that same state. Events
 * `spotlight` and `board` (data `{}`) say that the spotlighted letter's text, or who is online,
 * changed: the client reloads that part.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Kysely } from 'kysely';
import type { WorkshopState } from '../../shared/workshops';
import { workshopPresenceKey } from '../cluster/presence';
import type { ConnectionRegistry } from '../collab/connections';
import type { Database } from '../db/schema';
import type { AppEnv } from '../http/context';
import type { Logger } from '../logger';
import type { WorkshopHub } from './hub';
import { buildState } from './state';

/** How often an idle stream sends a keep-alive comment. */
export const KEEP_ALIVE_MS = 20_000;

/** Who follows which workshop's stream, per person, in this process: part of the board's "online". */
export class StreamFollowers {
  private readonly counts = new Map<string, number>();

  /** Records one open stream of `userId` on `workshopId`; returns the function that forgets it. */
  add(workshopId: string, userId: string): () => void {
    const key = workshopPresenceKey(workshopId, userId);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }

  /** Who follows a workshop on this instance, as presence keys. */
  *presenceKeys(): Iterable<string> {
    yield* this.counts.keys();
  }
}

/**
 * Builds a workshop's state once per announcement: every stream called within the same
 * synchronous `hub.changed` loop shares one build (started after the commit it announces).
 */
export class SharedStateBuilder {
  private readonly pending = new Map<string, Promise<WorkshopState>>();

  constructor(private readonly db: Kysely<Database>) {}

  /** The state as of now, shared with the other callers of this turn. */
  build(workshopId: string): Promise<WorkshopState> {
    const existing = this.pending.get(workshopId);
    if (existing) return existing;
    const building = buildState(this.db, workshopId);
    this.pending.set(workshopId, building);
    // Forget it once the synchronous loop of listeners is over: a later change needs a fresh build.
    queueMicrotask(() => this.pending.delete(workshopId));
    return building;
  }
}

/** What a stream needs. */
export interface StreamDeps {
  db: Kysely<Database>;
  hub: WorkshopHub;
  followers: StreamFollowers;
  builder: SharedStateBuilder;
  log: Logger;
  /** Where the stream is held, so sign-out and access checks reach it like a socket. */
  connections: ConnectionRegistry;
  keepAliveMs?: number;
}

/**
 * Answers with the event stream of `workshopId` for a member's session (the route checked). When
 * the session ends or loses access, the stream sends an event `closed` (`{ code, reason }` as for a
 * socket) and ends.
 */
export function streamWorkshopState(c: Context<AppEnv>, deps: StreamDeps, holder: { workshopId: string; userId: string; sessionId: string }): Response {
  const { workshopId, userId } = holder;
  return streamSSE(c, async (stream) => {
    let stopStream: () => void = () => {};
    const stopped = new Promise<void>((resolve) => {
      stopStream = resolve;
    });
    stream.onAbort(stopStream);
    c.req.raw.signal.addEventListener('abort', stopStream);

    let lastRevision = -1;
    // Set once access ended: nothing more is sent but the reason.
    let closing = false;
    let sending: Promise<void> = Promise.resolve();
    // States go out in the order their changes were announced, never an older revision after a newer one.
    const send = (next: Promise<WorkshopState>) => {
      sending = sending
        .then(async () => {
          const state = await next;
          if (stream.aborted || closing || state.revision < lastRevision) return;
          lastRevision = state.revision;
          await stream.writeSSE({ event: 'state', data: JSON.stringify(state) });
        })
        .catch((error: unknown) => {
          // The client's EventSource reconnects and fetches the state again; the stream ends here.
          deps.log.error('workshop stream failed', { workshopId, error });
          stopStream();
        });
    };

    const untrack = deps.connections.addStream({
      ...holder,
      close: (reason) => {
        if (closing) return;
        closing = true;
        // No state after this: the last thing the client hears is why it ended.
        sending = sending
          .then(() => stream.writeSSE({ event: 'closed', data: JSON.stringify(reason) }))
          // The client went away first: the stream ends all the same.
          .catch((error: unknown) => deps.log.warn('could not tell a workshop stream why it ends', { workshopId, error }))
          .finally(stopStream);
      },
    });
    // A light signal carries no data: the client reloads what it names (the spotlight, the board).
    const signal = (name: 'spotlight' | 'board') => {
      sending = sending
        .then(async () => {
          if (stream.aborted || closing) return;
          await stream.writeSSE({ event: name, data: '{}' });
        })
        .catch((error: unknown) => {
          deps.log.error('workshop stream failed', { workshopId, error });
          stopStream();
        });
    };
    const unsubscribe = deps.hub.subscribe(workshopId, (kind) => {
      if (kind === 'state') send(deps.builder.build(workshopId));
      else signal(kind);
    });
    const unfollow = deps.followers.add(workshopId, userId);
    // Whoever follows the board sees this person online now, not at its next reload.
    deps.hub.changed(workshopId, 'board');
    const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n'), deps.keepAliveMs ?? KEEP_ALIVE_MS);
    try {
      send(buildState(deps.db, workshopId));
      await stopped;
    } finally {
      clearInterval(keepAlive);
      untrack();
      unsubscribe();
      unfollow();
      deps.hub.changed(workshopId, 'board');
      c.req.raw.signal.removeEventListener('abort', stopStream);
    }
  });
}
