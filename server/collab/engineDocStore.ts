/** Picks the DocStore for the engine a database was opened on. */
import type { OpenDatabase } from '../db/database';
import type { DocStore } from './docStore';
import { createPgDocStore } from './pgDocStore';
import { createSqliteDocStore } from './sqliteDocStore';

/** PostgreSQL's store over the pool, or SQLite's over the connection. */
export function engineDocStore(database: OpenDatabase): DocStore {
  if (database.pool) return createPgDocStore(database.pool);
  if (database.sqlite) return createSqliteDocStore(database.sqlite);
  throw new Error('an open database has either a pool or a SQLite connection');
}
