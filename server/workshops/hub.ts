/**
 * Tells everyone following a workshop (its event streams) that its live state changed. Routes call
 * `changed(id)` after committing; each stream then sends the new state once.
 */

/** Called when a workshop's state changed. */
export type WorkshopListener = () => void;

/** Subscriptions per workshop, in this process. */
export class WorkshopHub {
  private readonly listeners = new Map<string, Set<WorkshopListener>>();

  /** Follows a workshop; returns the function that stops following it. */
  subscribe(workshopId: string, listener: WorkshopListener): () => void {
    let set = this.listeners.get(workshopId);
    if (!set) {
      set = new Set();
      this.listeners.set(workshopId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(workshopId);
    };
  }

  /** Announces a change to everyone following `workshopId`. */
  changed(workshopId: string): void {
    for (const listener of [...(this.listeners.get(workshopId) ?? [])]) listener();
  }

  /** How many streams follow `workshopId` (for tests and the board's "online"). */
  followers(workshopId: string): number {
    return this.listeners.get(workshopId)?.size ?? 0;
  }
}
