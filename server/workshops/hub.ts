/**
 * Tells everyone following a workshop (its event streams) that something of it changed. Routes call
 * `changed(id)` after committing; each stream then sends the new state once. Two lighter signals
 * carry no state: `spotlight` (the letter on the shared screen was edited: viewers reload it) and
 * `board` (someone came or went: the facilitator's board reloads its figures). The state itself is
 * in the database, so with several instances only the announcement has to travel: it goes out on
 * the control channel and every other instance tells its own streams (never passing it on).
 */
import type { ControlChannel } from '../cluster/controlChannel';
import { createLocalControlChannel } from '../cluster/controlChannel';

/** What changed: the live state, the spotlighted letter's text, or who is online. */
export type WorkshopSignal = 'state' | 'spotlight' | 'board';

/** Called when something of a workshop changed. */
export type WorkshopListener = (signal: WorkshopSignal) => void;

/** Subscriptions per workshop, in this process. */
export class WorkshopHub {
  private readonly listeners = new Map<string, Set<WorkshopListener>>();

  constructor(private readonly channel: ControlChannel = createLocalControlChannel()) {
    channel.onMessage((message) => {
      if (message.type === 'workshopChanged') this.changedLocally(message.workshopId, message.signal ?? 'state');
    });
  }

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

  /** Announces a change to everyone following `workshopId`, on every instance. */
  changed(workshopId: string, signal: WorkshopSignal = 'state'): void {
    this.changedLocally(workshopId, signal);
    this.channel.publish({ type: 'workshopChanged', workshopId, signal });
  }

  /** How many streams on this instance follow `workshopId` (for tests). */
  followers(workshopId: string): number {
    return this.listeners.get(workshopId)?.size ?? 0;
  }

  private changedLocally(workshopId: string, signal: WorkshopSignal): void {
    for (const listener of [...(this.listeners.get(workshopId) ?? [])]) listener(signal);
  }
}
