/**
 * Storage faults for `startServer({ wrapDocStore })`: the server's letter bodies are stored by the
 * engine's real DocStore over a second connection of the test's own to its database, and the test
 * makes that connection's writes fail the way a full or read-only store makes them fail.
 *
 * Why not chmod the data directory or fill a disk: tests may run as root, where file permissions
 * stop nothing; even for another user, a running SQLite keeps the file handles it opened writable;
 * and filling a real disk (or mounting a small one) needs privileges and endangers the machine.
 * Instead the faults come from the database itself, on the real write path, with the real errors.
 *
 * On SQLite: `PRAGMA max_page_count` at the current size makes every write that needs a new page
 * fail with SQLITE_FULL ("database or disk is full"), exactly as when the disk has no room for the
 * database to grow (a small write may still fit into free space on a page, as it would on a real
 * disk); `PRAGMA query_only` makes every write fail with SQLITE_READONLY ("attempt to write a
 * readonly database").
 *
 * On PostgreSQL: read-only is a second pool whose sessions are read-only
 * (`default_transaction_read_only`), as a server that failed over to a standby finds them; while
 * the fault lasts the store runs on it, and PostgreSQL refuses every write with 25006 ("cannot
 * execute INSERT in a read-only transaction"). A full disk cannot be produced on a shared cluster
 * without filling its disk, so PostgreSQL offers only `readOnly` (see `faultsOn`).
 *
 * Only letter bodies are affected: sign-in and the other tables use the server's own connection,
 * which keeps working.
 */
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import type { DocStore } from '../../server/collab/docStore';
import { createPgDocStore } from '../../server/collab/pgDocStore';
import { createSqliteDocStore } from '../../server/collab/sqliteDocStore';
import { DATABASE_FILE } from '../../server/db/database';
import { openTestPool } from './database';

/** Which fault: the disk is full, or the store became read-only. */
export type StorageFault = 'full' | 'readOnly';

/** The faults each engine can be given. */
export function faultsOn(engine: 'sqlite' | 'postgres'): StorageFault[] {
  return engine === 'sqlite' ? ['full', 'readOnly'] : ['readOnly'];
}

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
  /** The database's error code of every failed append, in order (SQLite's SQLITE_*, PostgreSQL's SQLSTATE). */
  readonly errorCodes: string[];
}

/** The engine-specific half: a store, and switches that make its writes fail. */
interface FaultableStore {
  store: DocStore;
  inject(fault: StorageFault): void;
  recover(): void;
}

/**
 * Creates the fault-injecting store for a server that will open `dataDir`, or the PostgreSQL
 * database at `databaseUrl` when given (the server's own, `resources.databaseUrlFor(dataDir)`).
 */
export function createStorageFaults(dataDir: string, databaseUrl?: string): StorageFaults {
  let faultable: FaultableStore | null = null;
  let current: StorageFault | null = null;
  let failedAppends = 0;
  let storedAppends = 0;
  const errorCodes: string[] = [];

  // The server has created and migrated its database before it calls wrapDocStore.
  const open = (): FaultableStore => {
    faultable ??= databaseUrl ? faultablePostgres(databaseUrl) : faultableSqlite(path.join(dataDir, DATABASE_FILE));
    return faultable;
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
      const { store } = open();
      return {
        ...store,
        async append(batch) {
          try {
            const result = await store.append(batch);
            storedAppends += 1;
            return result;
          } catch (error) {
            failedAppends += 1;
            errorCodes.push(errorCodeOf(error));
            throw error;
          }
        },
        async close() {
          await store.close();
          faultable = null;
        },
      };
    },
    inject(fault) {
      open().inject(fault);
      current = fault;
    },
    recover() {
      open().recover();
      current = null;
    },
  };
}

/** better-sqlite3's SqliteError and pg's DatabaseError both carry the database's code as `code`. */
function errorCodeOf(error: unknown): string {
  const code: unknown = error instanceof Error ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' ? code : String(error);
}

/** SQLite's store over a second connection to the file, made full or read-only by pragmas. */
function faultableSqlite(file: string): FaultableStore {
  const sqlite = new BetterSqlite3(file, { fileMustExist: true });
  // The same settings as the server's own connection (WAL is a property of the file).
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  const maxPageCount = Number(sqlite.pragma('max_page_count', { simple: true }));
  const store = createSqliteDocStore(sqlite);
  return {
    store: {
      ...store,
      async close() {
        await store.close();
        sqlite.close();
      },
    },
    inject(fault) {
      if (fault === 'full') sqlite.pragma(`max_page_count = ${Number(sqlite.pragma('page_count', { simple: true }))}`);
      else sqlite.pragma('query_only = ON');
    },
    recover() {
      sqlite.pragma(`max_page_count = ${maxPageCount}`);
      sqlite.pragma('query_only = OFF');
    },
  };
}

/** PostgreSQL's store over a pool of our own, switched to a read-only pool while the fault lasts. */
function faultablePostgres(url: string): FaultableStore {
  const pools: pg.Pool[] = [openTestPool(url, { writable: true }), openTestPool(url)];
  const [writable, readOnly] = pools.map((pool) => createPgDocStore(pool)) as [DocStore, DocStore]; // one store per pool, just made
  let faulty = false;
  const now = (): DocStore => (faulty ? readOnly : writable);
  return {
    store: {
      load: (room) => now().load(room),
      append: (batch) => now().append(batch),
      logSize: (room) => now().logSize(room),
      compact: (room) => now().compact(room),
      loadForUpdate: (trx, room) => now().loadForUpdate(trx, room),
      delete: (trx, room) => now().delete(trx, room),
      scrub: () => now().scrub(),
      async close() {
        await writable.close();
        await readOnly.close();
        await Promise.all(pools.map((pool) => pool.end()));
      },
    },
    inject(fault) {
      if (fault !== 'readOnly') throw new Error(`PostgreSQL cannot be made to fail with "${fault}" here (see faultsOn)`);
      faulty = true;
    },
    recover() {
      faulty = false;
    },
  };
}
