/**
 * The persistence seam for letter bodies. The room never talks to a database directly; it loads
 * and appends through a DocStore, so another engine (PostgreSQL) is an adapter, not a rewrite.
 *
 * A room is a letter (its name is the letter's id), and its rows belong to the letter row: a
 * foreign key deletes them with it, and an append takes no edits for a letter that is gone or
 * sent. That check runs inside the append's own transaction, so it holds whichever instance the
 * edit reached: the letter's deletion and the transaction that marks it sent take the room's lock
 * (`delete`, `loadForUpdate`), and every append of the room either committed before them or sees
 * what they committed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** One room's stored state: the latest snapshot (if any) and the updates logged after it. */
export interface StoredDoc {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
}

/** A stored snapshot row, as both engines' stores read it. */
export interface SnapshotRow {
  state: Uint8Array;
  upto_seq: number;
}

/** A stored log row, as both engines' stores read it. */
export interface UpdateRow {
  seq: number;
  data: Uint8Array;
}

/** One update to append to one room's log. */
export interface DocAppend {
  room: string;
  update: Uint8Array;
}

/** Why an append stored nothing for a room: its letter is gone, or it was sent (read-only until reopened). */
export type RefusedReason = 'gone' | 'sent';

/** What an append did not store: the rooms whose letter takes no edits, and why. */
export interface AppendResult {
  refused: ReadonlyMap<string, RefusedReason>;
}

/** How big one room's log has grown since its snapshot. */
export interface LogSize {
  count: number;
  bytes: number;
  /** The size of the snapshot the log follows (0 without one). */
  snapshotBytes: number;
}

/** Durable storage for Yjs documents: an append-only update log plus snapshots. */
export interface DocStore {
  /** The stored state of a room; an unknown room has no snapshot and no updates. */
  load(room: string): Promise<StoredDoc>;
  /**
   * Appends every update in one transaction (group commit). Resolves only once the transaction
   * is durably committed; rejects, having stored none of them, if it cannot be. Updates of rooms
   * whose letter is gone or sent are not stored; the result names those rooms.
   */
  append(batch: readonly DocAppend[]): Promise<AppendResult>;
  /** Size of the log after the latest snapshot. */
  logSize(room: string): Promise<LogSize>;
  /**
   * Merges the snapshot and the log into a new snapshot in one transaction. The document that
   * `load` yields is the same before and after.
   */
  compact(room: string): Promise<void>;
  /**
   * Inside `trx` (a transaction on the same database): waits for the room's appends and
   * compaction in flight, holds off new ones until `trx` ends, and returns the room's stored state
   * as `trx` sees it. Call it after `trx` has written the letter row (marking it sent), so that
   * appends waiting for the room see the new status.
   */
  loadForUpdate(trx: Kysely<Database>, room: string): Promise<StoredDoc>;
  /** Inside `trx`: deletes the room's log and snapshot, holding off its appends as `loadForUpdate` does. */
  delete(trx: Kysely<Database>, room: string): Promise<void>;
  /**
   * After a deletion committed (or failed): removes what the engine's own files still hold of
   * deleted rows where the store can (SQLite: it checkpoints and empties the write-ahead log).
   */
  scrub(): Promise<void>;
  /** Releases the store's resources. */
  close(): Promise<void>;
}
