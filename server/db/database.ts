/** Opens the embedded SQLite database under DATA_DIR and brings its schema up to date. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

/** The file name of the database inside DATA_DIR. */
export const DATABASE_FILE = 'casewrite.db';

/** An open database: the raw connection (for the DocStore's group commit) and Kysely over it. */
export interface OpenDatabase {
  sqlite: BetterSqlite3.Database;
  db: Kysely<Database>;
  path: string;
}

/** Opens (creating if needed) `${dataDir}/casewrite.db` in WAL mode and applies migrations. */
export async function openDatabase(dataDir: string): Promise<OpenDatabase> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before we acknowledge it, so "saved" survives power loss too.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's lower() folds only A-Z; searches use JavaScript's, which knows every script.
  sqlite.function('casefold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    await db.destroy();
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}`, { cause: error });
  }
  return { sqlite, db, path: file };
}
