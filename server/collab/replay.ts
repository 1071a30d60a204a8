/**
 * Turning a stored letter (a snapshot and the updates logged after it) into a document or one
 * update. `Y.mergeUpdates` slows down faster than linearly with the number of updates it merges
 * at once (4,000 keystrokes take about a second, a 100,000-row log minutes), while applying
 * updates one by one pays a transaction each. Stored logs are replayed in groups: each group
 * merged, then applied (for 100,000 keystrokes about half the time of one by one).
 */
import * as Y from 'yjs';
import type { StoredDoc } from './docStore';

/** How many updates one `Y.mergeUpdates` call takes at most (measured best between 32 and 64). */
const MERGE_GROUP = 48;

/** The stored letter as a live document: the snapshot, then the logged updates in order. */
export function replayStored(stored: StoredDoc): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  const { updates } = stored;
  for (let i = 0; i < updates.length; i += MERGE_GROUP) {
    const group = updates.slice(i, i + MERGE_GROUP);
    Y.applyUpdate(doc, group.length === 1 ? (group[0] as Uint8Array) : Y.mergeUpdates(group));
  }
  return doc;
}

/**
 * The stored letter as one update. Garbage-collected like the live document (deleted text keeps
 * its ids but not its characters); updates that wait for missing ones are kept.
 */
export function storedStateOf(stored: StoredDoc): Uint8Array {
  const doc = replayStored(stored);
  try {
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** `Y.mergeUpdates` for any number of updates, in groups so that the time stays linear. */
export function mergeMany(updates: readonly Uint8Array[]): Uint8Array {
  let level = [...updates];
  if (level.length === 0) return Y.mergeUpdates([]);
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += MERGE_GROUP) next.push(Y.mergeUpdates(level.slice(i, i + MERGE_GROUP)));
    level = next;
  }
  return level[0] as Uint8Array;
}
