/**
 * A fresh PostgreSQL database for one scale-out configuration, created on the cluster that
 * DATABASE_URL points at and dropped afterwards, so every configuration starts from empty tables
 * and nothing is left behind.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database of the bench's own. */
export interface BenchDatabase {
  /** DATABASE_URL for the servers. */
  url: string;
  /** Drops it, closing any connection still open to it. */
  drop(): Promise<void>;
}

/** Creates an empty database on the cluster of `clusterUrl` (any database on it). */
export async function createBenchDatabase(clusterUrl: string): Promise<BenchDatabase> {
  const name = `casewrite_bench_${randomBytes(6).toString('hex')}`;
  // The name is ours (letters, digits, underscores), so it needs no escaping beyond the quotes.
  await onCluster(clusterUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => onCluster(clusterUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Runs one statement on its own connection (CREATE and DROP DATABASE cannot run in a transaction). */
async function onCluster(clusterUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
