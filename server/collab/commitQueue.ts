/**
 * Group commit: every room's edits that arrive in one event-loop turn are stored in one DocStore
 * transaction. Each room broadcasts its edits once, as they are cut, and acknowledges them once
 * stored. Batches are stored in order; a batch that fails is never acknowledged.
 */
import type { DocStore } from './docStore';
import type { PendingBatch, Room } from './room';

/** What happens to a room after its batch was stored or failed. */
export interface CommitHooks {
  handleCommitted(room: Room, batch: PendingBatch): void;
  handleCommitFailed(room: Room, error: unknown): void;
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

/** Collects rooms with pending edits and commits them together. */
export class CommitQueue {
  private readonly dirty = new Set<Room>();
  private scheduled = false;
  private tail: Promise<void> = Promise.resolve();

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
    const batches = rooms.flatMap((room) => {
      const batch = room.cutBatch();
      if (!batch) return [];
      room.broadcastBatch(batch);
      return [{ room, batch }];
    });
    if (batches.length === 0) return this.tail;
    this.tail = this.tail.then(async () => {
      try {
        await this.store.append(batches.map(({ room, batch }) => ({ room: room.name, update: batch.update })));
      } catch (error) {
        const failure = new CommitFailedError(batches.map(({ room }) => room.name), error);
        for (const { room } of batches) this.hooks.handleCommitFailed(room, failure);
        return;
      }
      for (const { room, batch } of batches) this.hooks.handleCommitted(room, batch);
    });
    return this.tail;
  }
}
