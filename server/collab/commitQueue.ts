/**
 * Group commit: every room's edits that arrive in one event-loop turn are stored in one DocStore
 * transaction, then each room broadcasts and acknowledges them. Batches are stored in order; a
 * batch that fails is never acknowledged.
 */
import type { DocStore } from './docStore';
import type { PendingBatch, Room } from './room';

/** What happens to a room after its batch was stored or failed. */
export interface CommitHooks {
  handleCommitted(room: Room, batch: PendingBatch): void;
  handleCommitFailed(room: Room, error: unknown): void;
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
      return batch ? [{ room, batch }] : [];
    });
    if (batches.length === 0) return this.tail;
    this.tail = this.tail.then(async () => {
      try {
        await this.store.append(batches.map(({ room, batch }) => ({ room: room.name, update: batch.update })));
      } catch (error) {
        for (const { room } of batches) this.hooks.handleCommitFailed(room, error);
        return;
      }
      for (const { room, batch } of batches) this.hooks.handleCommitted(room, batch);
    });
    return this.tail;
  }
}
