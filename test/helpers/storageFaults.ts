/**
 * Storage faults for `startServer({ wrapDocStore })`: the server's letter bodies are stored by the
 * real SQLite DocStore over a second connection to its database file, and the test makes that
 * connection's writes fail the way a full or read-only disk makes them fail.
 *
 * Why not chmod the data directory or fill a disk: tests may run as root, where file permissions
 * stop nothing; even for another user, a running SQLite keeps the file handles it opened writable;
 * and filling a real disk (or mounting a small one) needs privileges and endangers the machine.
 * Instead the faults come from SQLite itself, on the real write path, with the real errors:
 * `PRAGMA max_page_count` at the current size makes every write that needs a new page fail with
 * SQLITE_FULL ("database or disk is full"), exactly as when the disk has no room for the database
 * to grow (a small write may still fit into free space on a page, as it would on a real disk);
 * `PRAGMA query_only` makes every write fail with SQLITE_READONLY ("attempt to write a readonly
 * database"). Only letter bodies are affected: sign-in and the other tables use the server's own
 * connection, which keeps working.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { DocStore } from '../../server/collab/docStore';
import { createSqliteDocStore } from '../../server/collab/sqliteDocStore';
import { DATABASE_FILE } from '../../server/db/database';

/** Which fault: the disk is full, or the data directory became read-only. */
export type StorageFault = 'full' | 'readOnly';

/** A DocStore whose writes a test can make fail, and what it saw. */
export interface StorageFaults {
  /** Pass to `startServer` as `wrapDocStore` (the server's own store is set aside; this one stores instead). */
  wrap(store: DocStore): DocStore;
  /** From now on, writes fail as `fault` makes them fail. */
  inject(fault: StorageFault): void;
  /** Writes succeed again. */
  recover(): void;
  /** The fault in force, if any. */
  readonly current: StorageFault | null;
  /** Appends that failed (each is one group commit the server could not store). */
  readonly failedAppends: number;
  /** Appends that succeeded. */
  readonly storedAppends: number;
  /** The SQLite error code of every failed append, in order. */
  readonly errorCodes: string[];
}

/** Creates the fault-injecting store for a server that will open `dataDir`. */
export function createStorageFaults(dataDir: string): StorageFaults {
  let connection: BetterSqlite3.Database | null = null;
  let maxPageCount = 0;
  let current: StorageFault | null = null;
  let failedAppends = 0;
  let storedAppends = 0;
  const errorCodes: string[] = [];

  const open = (): BetterSqlite3.Database => {
    if (connection) return connection;
    // The server has created and migrated the file before it calls wrapDocStore.
    connection = new BetterSqlite3(path.join(dataDir, DATABASE_FILE), { fileMustExist: true });
    // The same settings as the server's own connection (WAL is a property of the file).
    connection.pragma('synchronous = FULL');
    connection.pragma('busy_timeout = 5000');
    maxPageCount = Number(connection.pragma('max_page_count', { simple: true }));
    return connection;
  };

  return {
    get current() {
      return current;
    },
    get failedAppends() {
      return failedAppends;
    },
    get storedAppends() {
      return storedAppends;
    },
    errorCodes,
    wrap() {
      const sqlite = open();
      const store = createSqliteDocStore(sqlite);
      return {
        ...store,
        async append(batch) {
          try {
            await store.append(batch);
            storedAppends += 1;
          } catch (error) {
            failedAppends += 1;
            errorCodes.push(error instanceof BetterSqlite3.SqliteError ? error.code : String(error));
            throw error;
          }
        },
        async close() {
          await store.close();
          sqlite.close();
          connection = null;
        },
      };
    },
    inject(fault) {
      const sqlite = open();
      current = fault;
      if (fault === 'full') sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`);
      else sqlite.pragma('query_only = ON');
    },
    recover() {
      const sqlite = open();
      current = null;
      sqlite.pragma(`max_page_count = ${maxPageCount}`);
      sqlite.pragma('query_only = OFF');
    },
  };
}
