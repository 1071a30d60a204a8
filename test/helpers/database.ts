/**
 * Reaching into the server's database from a test, as another process would: through a separate
 * connection of our own, on either engine. `openTestDatabase(server.database)` gives Kysely over
 * that connection (read-only unless asked otherwise), so the same queries run on the SQLite file
 * and on the server's PostgreSQL database. Also the outside views some tests need whole: every
 * byte the database holds (to look for secrets), every table's rows (to prove nothing changed).
 */
import { readFile } from 'node:fs/promises';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseLocation } from '../../server/db/database';
import type { Database } from '../../server/db/schema';

/** PostgreSQL's type id of int8 (bigint, and count(*)). */
const INT8_OID = 20;

/** A connection of the test's own to a server's database. */
export interface TestDatabase {
  /** Where it is (the server's `database`). */
  readonly location: DatabaseLocation;
  /** Kysely over this connection: the same queries on both engines. */
  readonly db: Kysely<Database>;
  /** The raw connection on SQLite (null on PostgreSQL), for reads that must happen synchronously. */
  readonly sqlite: BetterSqlite3.Database | null;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** Options of `openTestDatabase`. */
export interface OpenTestDatabaseOptions {
  /**
   * Allow writes, for tests that must age or remove rows the API cannot (a session idle for
   * weeks). Default: read-only, so a reader cannot change what it checks.
   */
  writable?: boolean;
}

/**
 * Opens a separate connection to the server's database: it sees only what the server has
 * committed, and (when writable) waits for the server's locks.
 */
export function openTestDatabase(location: DatabaseLocation, options: OpenTestDatabaseOptions = {}): TestDatabase {
  if (location.engine === 'sqlite') {
    const sqlite = new BetterSqlite3(location.path, { readonly: !options.writable, fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { location, db, sqlite, close: () => db.destroy() };
  }
  const pool = openTestPool(location.url, { ...options, max: 2 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { location, db, sqlite: null, close: () => db.destroy() };
}

/**
 * A pool of the test's own on the PostgreSQL database at `url`, returning bigints (counts,
 * sequence numbers) as numbers like the server's pool and like SQLite. Unless `writable`, every
 * transaction on it is READ ONLY, so PostgreSQL refuses each write.
 */
export function openTestPool(url: string, options: OpenTestDatabaseOptions & { max?: number } = {}): pg.Pool {
  const types = new pg.TypeOverrides();
  // Test values stay far below 2^53.
  types.setTypeParser(INT8_OID, Number);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    ...(options.writable ? {} : { options: '-c default_transaction_read_only=on' }),
  });
  // A database dropped under an idle connection (the test's cleanup, if a test forgot to close)
  // must not become an uncaught error; nor a connection ended while checked out.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** Runs `work` with a separate connection to the database, closing it afterwards. */
export async function withTestDatabase<T>(location: DatabaseLocation, work: (database: TestDatabase) => Promise<T>, options: OpenTestDatabaseOptions = {}): Promise<T> {
  const database = openTestDatabase(location, options);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** The tables of the database (ours and the migrator's), by name. */
export async function tableNames(database: TestDatabase): Promise<string[]> {
  const query =
    database.location.engine === 'sqlite'
      ? sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
      : sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`;
  return (await query.execute(database.db)).rows.map((row) => row.name);
}

/** Every row of `table`, as the driver returns it (blobs as Buffers). */
export async function tableRows(database: TestDatabase, table: string): Promise<Record<string, unknown>[]> {
  return (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(database.db)).rows;
}

/**
 * A mark that changes whenever anything is committed to the database by another connection, for
 * tests that prove a request wrote nothing at all. On SQLite, `PRAGMA data_version` (a count of
 * other connections' commits). On PostgreSQL, a digest of every row of every table with the
 * transaction that wrote it (`xmin`: a row rewritten with the same values still counts) and of
 * every sequence (a row inserted and deleted again still moved its table's id sequence).
 */
export async function commitMark(database: TestDatabase): Promise<string> {
  if (database.sqlite) return String(database.sqlite.pragma('data_version', { simple: true }));
  const parts = (await tableNames(database)).map((table) => sql`SELECT ${sql.lit(table)} || ':' || t.xmin::text || ':' || t::text AS line FROM ${sql.table(table)} AS t`);
  parts.push(sql`SELECT 'sequence ' || schemaname || '.' || sequencename || ':' || coalesce(last_value::text, '') AS line FROM pg_sequences`);
  const { rows } = await sql<{ digest: string | null }>`SELECT md5(string_agg(line, E'\n' ORDER BY line)) AS digest FROM (${sql.join(parts, sql` UNION ALL `)}) AS every_line`.execute(database.db);
  return rows[0]?.digest ?? '';
}

/**
 * Everything the database holds, to search for text that must not be stored. On SQLite: every
 * byte SQLite has written (the main file plus its WAL, shared-memory and journal files, if
 * present), so even freed pages count. On PostgreSQL, whose files are the cluster's: every value
 * of every row of every table, text as UTF-8 and bytea as its bytes.
 */
export async function readDatabaseBytes(location: DatabaseLocation): Promise<Buffer> {
  if (location.engine === 'sqlite') return readSqliteFiles(location.path);
  return withTestDatabase(location, async (database) => {
    const parts: Buffer[] = [];
    for (const table of await tableNames(database)) {
      for (const row of await tableRows(database, table)) {
        for (const value of Object.values(row)) {
          if (value === null) continue;
          parts.push(Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'object' ? JSON.stringify(value) : String(value), 'utf8'));
          parts.push(Buffer.from('\n'));
        }
      }
    }
    return Buffer.concat(parts);
  });
}

/** Every byte SQLite has written for the database at `dbPath`. */
async function readSqliteFiles(dbPath: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`]) {
    try {
      parts.push(await readFile(file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // a Node fs error always carries a code
    }
  }
  return Buffer.concat(parts);
}

/** The forms in which a secret could sit readable in a file: as text (UTF-8 and UTF-16), base64, base64url and hex. */
export function readableForms(secret: string): Buffer[] {
  const utf8 = Buffer.from(secret, 'utf8');
  return [
    utf8,
    Buffer.from(secret, 'utf16le'),
    Buffer.from(utf8.toString('base64')),
    Buffer.from(utf8.toString('base64url')),
    Buffer.from(utf8.toString('hex')),
    Buffer.from(utf8.toString('hex').toUpperCase()),
  ];
}
