/**
 * Group commit: at the end of each event-loop turn every room's new edits are cut into a batch and
 * broadcast once. Batches are written to the DocStore one write at a time, each write taking every
 * batch cut since the last one, in one transaction; writes start at least MIN_WRITE_INTERVAL_MS
 * apart, so under load edits share writes (and flushes) instead of each paying its own. A room
 * acknowledges its batch once stored. Batches are stored in order; one that fails is never
 * acknowledged.
 */
import type { AppendResult, DocStore, RefusedReason } from './docStore';
import type { PendingBatch, Room } from './room';

/** What happens to a room after its batch was stored, failed, or was refused. */
export interface CommitHooks {
  handleCommitted(room: Room, batch: PendingBatch): void;
  handleCommitFailed(room: Room, error: unknown): void;
  /** The store took none of the room's edits: its letter is gone or was sent meanwhile. */
  handleCommitRefused(room: Room, reason: RefusedReason): void;
}

/**
 * A group commit the store refused (disk full, data directory read-only, ...): none of its edits
 * were stored or acknowledged. The message says so in words, with the store's own reason and
 * code, because it is what an operator reads in the log.
 */
export class CommitFailedError extends Error {
  constructor(
    /** The rooms whose edits were in the failed commit. */
    readonly rooms: string[],
    cause: unknown,
  ) {
    super(`could not store edits (${describeStoreError(cause)}); none were acknowledged, and their clients will reconnect and resend them`, { cause });
    this.name = 'CommitFailedError';
  }
}

/** The store's reason, with its code when it has one (SQLite's SQLITE_FULL, Node's ENOSPC). */
function describeStoreError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code: unknown = Reflect.get(error, 'code');
  return typeof code === 'string' && !error.message.includes(code) ? `${error.message}, ${code}` : error.message;
}

/** The least time between the starts of two writes (it delays acknowledgements, never broadcasts). */
const MIN_WRITE_INTERVAL_MS = 5;

interface CutBatch {
  room: Room;
  batch: PendingBatch;
}

/** Collects rooms with pending edits and commits them together. */
export class CommitQueue {
  private readonly dirty = new Set<Room>();
  private scheduled = false;
  private tail: Promise<void> = Promise.resolve();
  /** Batches cut and broadcast, waiting for the next write. */
  private queued: CutBatch[] = [];
  /** Whether a write that will take `queued` is already chained on `tail`. */
  private writeChained = false;
  private lastWriteAt = -Infinity;

  constructor(
    private readonly store: DocStore,
    private readonly hooks: CommitHooks,
  ) {}

  /** Marks a room as having edits; they are committed at the end of this event-loop turn. */
  request(room: Room): void {
    this.dirty.add(room);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  /** Commits everything pending now; resolves when it and every earlier batch are settled. */
  flush(): Promise<void> {
    this.scheduled = false;
    const rooms = [...this.dirty];
    this.dirty.clear();
    for (const room of rooms) {
      const batch = room.cutBatch();
      if (!batch) continue;
      room.broadcastBatch(batch);
      this.queued.push({ room, batch });
    }
    if (this.queued.length > 0 && !this.writeChained) {
      this.writeChained = true;
      this.tail = this.tail.then(() => this.writeQueued());
    }
    return this.tail;
  }

  /** Writes every queued batch in one append, once the last write is MIN_WRITE_INTERVAL_MS old. */
  private async writeQueued(): Promise<void> {
    const wait = this.lastWriteAt + MIN_WRITE_INTERVAL_MS - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.writeChained = false;
    const batches = this.queued;
    this.queued = [];
    this.lastWriteAt = performance.now();
    let result: AppendResult;
    try {
      result = await this.store.append(batches.map(({ room, batch }) => ({ room: room.name, update: batch.update })));
    } catch (error) {
      const failure = new CommitFailedError([...new Set(batches.map(({ room }) => room.name))], error);
      for (const { room } of batches) this.hooks.handleCommitFailed(room, failure);
      return;
    }
    for (const { room, batch } of batches) {
      const refused = result.refused.get(room.name);
      if (refused) this.hooks.handleCommitRefused(room, refused);
      else this.hooks.handleCommitted(room, batch);
    }
  }
}
