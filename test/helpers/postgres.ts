/**
 * PostgreSQL databases for test servers. When `DATABASE_URL` is set, the suite runs on that
 * cluster: every test server gets a database of its own there, named after its data directory,
 * so a server restarted on the same directory (persistence, crash and process tests) finds the
 * data it left, exactly as it finds its SQLite file. The test's cleanup drops it once every
 * server on it has stopped. Without `DATABASE_URL` nothing here runs and servers use SQLite.
 *
 * Each database is created by copying a template that already holds the migrated schema, so a
 * server starts as fast on PostgreSQL as on a fresh SQLite file (copying is one step; running
 * every migration on every start is many). The template is built once per run of the suite and
 * cluster, under an advisory lock, since several vitest workers may ask for it at once.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { openDatabase } from '../../server/db/database';
import { migrationProvider } from '../../server/db/migrations';

/** Prefix of every database this module creates (and may drop). */
const TEST_DATABASE_PREFIX = 'cw_test_';

/** The advisory lock key that serializes building the template across workers ("cw-templ"). */
const TEMPLATE_LOCK_KEY = 0x63772d74656d706cn;

/** PostgreSQL's error code for CREATE DATABASE of a name that exists. */
const DUPLICATE_DATABASE = '42P04';

/** The cluster URL the suite runs on (`DATABASE_URL`), or null when it runs on SQLite. */
export function testClusterUrl(): string | null {
  const url = process.env.DATABASE_URL;
  return url ? url : null;
}

/** The engine test servers run on: PostgreSQL when `DATABASE_URL` is set, else SQLite. */
export function testEngine(): 'sqlite' | 'postgres' {
  return testClusterUrl() ? 'postgres' : 'sqlite';
}

/** The database of the test server whose data directory is `dataDir`: the same name for the same directory. */
export function testDatabaseName(dataDir: string): string {
  return `${TEST_DATABASE_PREFIX}${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 24)}`;
}

/** `clusterUrl` pointing at database `name` instead (same host, user and options). */
export function databaseUrlOn(clusterUrl: string, name: string): string {
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `work` with a short-lived client on the cluster's own database (never a test database). */
async function withAdminClient<T>(clusterUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An identifier we built ourselves (prefix plus hex), quoted for SQL. */
function quoted(name: string): string {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a test database name: ${name}`);
  return `"${name}"`;
}

async function databaseExists(client: pg.Client, name: string): Promise<boolean> {
  return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
}

/** CREATE DATABASE, where another worker having just created the same name counts as success. */
async function createDatabase(client: pg.Client, name: string, template: string | null): Promise<void> {
  try {
    await client.query(`CREATE DATABASE ${quoted(name)}${template ? ` TEMPLATE ${quoted(template)}` : ''}`);
  } catch (error) {
    if ((error as { code?: unknown }).code !== DUPLICATE_DATABASE) throw error; // pg errors carry the SQLSTATE as `code`
  }
}

/**
 * The template's name: it changes with the migrations (their names and code), so a new or edited
 * migration gets a new template and a template left by another checkout is never used.
 */
async function templateName(): Promise<string> {
  const migrations = Object.entries(await migrationProvider('postgres').getMigrations()).sort(([a], [b]) => a.localeCompare(b));
  const hash = createHash('sha256');
  for (const [name, migration] of migrations) hash.update(`${name}\n${String(migration.up)}\n`);
  return `${TEST_DATABASE_PREFIX}template_${hash.digest('hex').slice(0, 16)}`;
}

/**
 * Migrates the database at `url` the way the server does, by opening it, then disconnects (a
 * template must have no connections when it is copied).
 */
async function migrate(url: string): Promise<void> {
  const database = await openDatabase({ dataDir: tmpdir(), databaseUrl: url });
  await database.db.destroy();
}

/** This process's template, once made (per cluster URL). */
const templates = new Map<string, Promise<string>>();

/**
 * The migrated template on `clusterUrl`, built if no worker has built it yet. It is built under a
 * temporary name and renamed when complete, so no worker ever copies a half-migrated one.
 */
function ensureTemplate(clusterUrl: string): Promise<string> {
  let template = templates.get(clusterUrl);
  if (!template) {
    template = (async () => {
      const name = await templateName();
      await withAdminClient(clusterUrl, async (client) => {
        await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
        try {
          if (await databaseExists(client, name)) return;
          const building = `${name}_building`;
          await client.query(`DROP DATABASE IF EXISTS ${quoted(building)} WITH (FORCE)`);
          await createDatabase(client, building, null);
          await migrate(databaseUrlOn(clusterUrl, building));
          await client.query(`ALTER DATABASE ${quoted(building)} RENAME TO ${quoted(name)}`);
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
        }
      });
      return name;
    })();
    // A failed build is not remembered: the next server tries again (and reports its own error).
    template.catch(() => templates.delete(clusterUrl));
    templates.set(clusterUrl, template);
  }
  return template;
}

/**
 * The URL of the test database for `dataDir` on `clusterUrl`, created (migrated, from the template)
 * unless it exists already: a server restarted on the same directory finds the same data.
 */
export async function ensureTestDatabase(clusterUrl: string, dataDir: string): Promise<string> {
  const name = testDatabaseName(dataDir);
  const template = await ensureTemplate(clusterUrl);
  await withAdminClient(clusterUrl, async (client) => {
    if (!(await databaseExists(client, name))) await createDatabase(client, name, template);
  });
  return databaseUrlOn(clusterUrl, name);
}

/** Drops the test database for `dataDir` (ending any connection still open to it). */
export async function dropTestDatabase(clusterUrl: string, dataDir: string): Promise<void> {
  const name = testDatabaseName(dataDir);
  await withAdminClient(clusterUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`);
  });
}

/** Runs `work` on a short-lived connection to the cluster at `clusterUrl` (to create, drop or watch databases). */
export async function onCluster<T>(clusterUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: clusterUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
