/**
 * The persistence seam for letter bodies. The room never talks to a database directly; it loads
 * and appends through a DocStore, so another engine (PostgreSQL) is an adapter, not a rewrite.
 */

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
   * is durably committed; rejects, having stored none of them, if it cannot be.
   */
  append(batch: readonly DocAppend[]): Promise<void>;
  /** Size of the log after the latest snapshot. */
  logSize(room: string): Promise<LogSize>;
  /**
   * Merges the snapshot and the log into a new snapshot in one transaction. The document that
   * `load` yields is the same before and after.
   */
  compact(room: string): Promise<void>;
  /** Releases the store's resources. */
  close(): Promise<void>;
}
