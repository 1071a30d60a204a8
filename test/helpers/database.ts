/** Reaching into the server's SQLite file from a test: as another process would, through its own connection or its raw bytes. */
import { readFile } from 'node:fs/promises';
import BetterSqlite3 from 'better-sqlite3';

/**
 * Opens a second, writable connection to the server's database, for tests that must age or remove
 * rows the API cannot (a session that has been idle for weeks). It waits for the server's locks.
 */
export function openWritableDatabase(dbPath: string): BetterSqlite3.Database {
  const connection = new BetterSqlite3(dbPath, { fileMustExist: true });
  connection.pragma('busy_timeout = 5000');
  return connection;
}

/** Every byte SQLite has written for the database: the main file plus its WAL and shared-memory files, if present. */
export async function readDatabaseBytes(dbPath: string): Promise<Buffer> {
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
