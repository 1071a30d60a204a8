/**
 * Opens the database and brings its schema up to date: the embedded SQLite file under DATA_DIR
 * by default, or the PostgreSQL database DATABASE_URL names (which several instances can share).
 * Both run the same Kysely queries and the same migrations.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, PostgresDriver, SqliteDialect } from 'kysely';
import type { DatabaseConnection, Driver, PostgresDialectConfig, TransactionSettings } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations';
import type { DatabaseEngine } from './migrations';
import type { Database } from './schema';

/** The file name of the database inside DATA_DIR. */
export const DATABASE_FILE = 'casewrite.db';

/** Where the data lives: a SQLite file, or a PostgreSQL database. */
export type DatabaseLocation = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

/**
 * An open database: Kysely over it, and the raw connection the DocStore uses for its own
 * transactions (the SQLite connection or the PostgreSQL pool; the other one is null).
 */
export interface OpenDatabase {
  db: Kysely<Database>;
  location: DatabaseLocation;
  sqlite: BetterSqlite3.Database | null;
  pool: pg.Pool | null;
}

/** Which database to open. */
export interface DatabaseOptions {
  /** Holds the SQLite file when there is no `databaseUrl`. */
  dataDir: string;
  /** A postgres:// URL: PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
}

/** Opens (creating if needed) the database and applies migrations. */
export async function openDatabase({ dataDir, databaseUrl }: DatabaseOptions): Promise<OpenDatabase> {
  const opened = databaseUrl ? openPostgres(databaseUrl) : await openSqlite(dataDir);
  await migrate(opened.db, opened.location.engine);
  return opened;
}

/** `${dataDir}/casewrite.db` in WAL mode. */
async function openSqlite(dataDir: string): Promise<OpenDatabase> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we acknowledge it, so "saved" survives power loss too.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // Deleted rows are overwritten with zeros in the pages a write rewrites anyway. FAST, not ON:
  // ON also writes zeros over every page a delete frees, and compaction (which frees the log and
  // the old snapshot all the time) then held the event loop several times longer. A letter's
  // deletion runs with ON (DocStore.delete), so every page of it is zeroed, and its text is gone
  // from the file once the write-ahead log is checkpointed (DocStore.scrub).
  sqlite.pragma('secure_delete = FAST');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's lower() folds only A-Z; searches use JavaScript's, which knows every script.
  sqlite.function('casefold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, location: { engine: 'sqlite', path: file }, sqlite, pool: null };
}

/** PostgreSQL's type id for int8 (bigint): counts, sums, sequence numbers, ms timestamps. */
const INT8_OID = 20;

/** A pool of connections to `url`; Kysely and the DocStore share it. */
function openPostgres(url: string): OpenDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    // pg returns int8 as a string (it may exceed 2^53). Ours are counts, sequence numbers and
    // millisecond timestamps, far below that, and SQLite returns them as numbers: so does this
    // pool (only this pool; pg's global parsers stay as they are).
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID && format !== 'binary' ? Number : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
    },
  });
  // A connection that dies while idle in the pool (the server restarted, an administrator ended
  // it) is dropped by the pool, and the next query opens a new one: nothing to do but not crash.
  pool.on('error', () => {});
  // One that dies while checked out fails the query in flight, or the next; without a listener
  // its 'error' event between two queries would end the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new SerializedPostgresDialect({ pool }) });
  return { db, location: { engine: 'postgres', url }, sqlite: null, pool };
}

/** The advisory lock every relational transaction takes first ("cw-trans"; one-key locks, apart from the DocStore's). */
const TRANSACTION_LOCK_KEY = '7167247310141877875';

/**
 * Kysely's PostgreSQL dialect, except that every transaction first takes one database-wide lock,
 * held until it commits or rolls back. SQLite runs one write transaction at a time, and the
 * routes rely on it: they read, check and write in one transaction (the first account becomes the
 * administrator, a reviewer has at most one pending review, a workshop action plans from the live
 * state it read). PostgreSQL's default READ COMMITTED would let two such transactions, from any
 * instances, read the same state and both write. These transactions are short and rare next to
 * the documents' appends, which go through the DocStore and take no part in this lock.
 */
class SerializedPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;

  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new SerializedPostgresDriver(this.#config);
  }
}

class SerializedPostgresDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings);
    await connection.executeQuery(CompiledQuery.raw(`SELECT pg_advisory_xact_lock(${TRANSACTION_LOCK_KEY})`));
  }
}

async function migrate(db: Kysely<Database>, engine: DatabaseEngine): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider(engine) }).migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    await db.destroy();
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}`, { cause: error });
  }
}
