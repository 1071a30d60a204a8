/**
 * Two real servers in this process sharing one fresh PostgreSQL database (created on the
 * DATABASE_URL cluster, dropped after the test) and one Redis: what two instances behind a load
 * balancer share. Also a raw Redis subscriber that counts what crosses the bus.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { TestResources, TestServer } from '../../helpers/resources';

/** Whether the Redis-backed cases can run (they also need PostgreSQL: two instances cannot share SQLite). */
export const clusterServicesConfigured = Boolean(process.env.REDIS_URL && process.env.DATABASE_URL);

/** Creates a database on the DATABASE_URL cluster, dropped in the test's cleanup; returns its URL. */
export async function createScratchDatabase(resources: TestResources): Promise<string> {
  const clusterUrl = process.env.DATABASE_URL ?? '';
  const name = `casewrite_cluster_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  // Registered before any server starts, so it runs after they have all stopped.
  resources.defer(async () => {
    const dropper = new pg.Client({ connectionString: clusterUrl });
    await dropper.connect();
    try {
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await dropper.end();
    }
  });
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Two instances on one database and one Redis. */
export async function startTwoInstances(resources: TestResources, redisUrl: string): Promise<{ a: TestServer; b: TestServer; databaseUrl: string }> {
  const databaseUrl = await createScratchDatabase(resources);
  // One after the other: the first runs the migrations.
  const a = await resources.startServer({ databaseUrl, redisUrl });
  const b = await resources.startServer({ databaseUrl, redisUrl });
  return { a, b, databaseUrl };
}

/** What crossed Casewrite's channels: room updates, room awareness, control messages by type. */
export interface BusCounts {
  updates: number;
  awareness: number;
  control: string[];
}

/** Counts every message published on Casewrite's channels. */
export interface BusCounter {
  counts(): BusCounts;
  reset(): void;
}

/** A raw subscriber to every Casewrite channel, closed in the test's cleanup. */
export async function countBusMessages(resources: TestResources, redisUrl: string): Promise<BusCounter> {
  const client = new Redis(redisUrl);
  client.on('error', () => {});
  let counts: BusCounts = { updates: 0, awareness: 0, control: [] };
  client.on('pmessageBuffer', (_pattern: string, channel: Buffer, message: Buffer) => {
    if (channel.toString().startsWith('casewrite:room:')) {
      // The second byte of a room message is its kind: 0 update, 1 awareness.
      if (message[1] === 0) counts.updates += 1;
      else counts.awareness += 1;
      return;
    }
    try {
      counts.control.push(String((JSON.parse(message.toString()) as { message?: { type?: unknown } }).message?.type));
    } catch {
      counts.control.push('unparsable');
    }
  });
  await client.psubscribe('casewrite:*');
  resources.defer(() => client.disconnect());
  return {
    counts: () => ({ ...counts, control: [...counts.control] }),
    reset() {
      counts = { updates: 0, awareness: 0, control: [] };
    },
  };
}
