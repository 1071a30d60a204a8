/**
 * Keeps sync sockets honest in both directions: pings find dead peers (no pong by the next round
 * means the socket is ended), and a protocol message reaches every idle client in time, because
 * the y-websocket client reconnects after 30 s without one and cannot see pings.
 */
import { KEEPALIVE_INTERVAL_MS } from '../../shared/protocol';
import type { Connection } from './connection';
import { KEEPALIVE_FRAME } from './protocol';

/** Heartbeat timing; the defaults are production's, tests shorten them. */
export interface HeartbeatTiming {
  /** How often the heartbeat looks at every connection. */
  tickMs: number;
  /** Every connection receives some protocol message at least this often. */
  keepaliveMs: number;
  /** A connection is pinged, and must have answered the previous ping, this often. */
  pingMs: number;
}

/** Production timing: keep-alive inside y-websocket's 30 s, dead peers gone within a minute. */
export const DEFAULT_HEARTBEAT: HeartbeatTiming = { tickMs: 5_000, keepaliveMs: KEEPALIVE_INTERVAL_MS, pingMs: 30_000 };

/** Runs the keep-alive and ping rounds over the live connections. */
export class Heartbeat {
  private readonly timer: NodeJS.Timeout;
  private lastPingAt = Date.now();

  constructor(
    private readonly connections: Iterable<Connection>,
    private readonly timing: HeartbeatTiming = DEFAULT_HEARTBEAT,
  ) {
    this.timer = setInterval(() => this.tick(Date.now()), timing.tickMs);
    this.timer.unref();
  }

  /** One round: keep-alives for idle connections, and a ping round when one is due. */
  tick(now: number): void {
    // Sent early enough that the next tick could not be too late.
    const idleLimit = this.timing.keepaliveMs - this.timing.tickMs;
    const pingDue = now - this.lastPingAt >= this.timing.pingMs;
    if (pingDue) this.lastPingAt = now;
    for (const conn of this.connections) {
      if (now - conn.lastSentAt >= idleLimit) conn.send(KEEPALIVE_FRAME);
      if (pingDue) conn.checkAlive();
    }
  }

  /** Stops the rounds. */
  stop(): void {
    clearInterval(this.timer);
  }
}
