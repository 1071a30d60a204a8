/** A letter's document as the store holds it, after every edit received so far has been committed. */
import * as Y from 'yjs';
import type { DocStore } from './docStore';
import type { RoomManager } from './rooms';

/** The stored state of `room` as one update (`Y.encodeStateAsUpdate` form). */
export async function storedDocumentState(docStore: DocStore, rooms: RoomManager, room: string): Promise<Uint8Array> {
  await rooms.flushPending();
  const stored = await docStore.load(room);
  const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
  return parts.length > 0 ? Y.mergeUpdates(parts) : Y.encodeStateAsUpdate(new Y.Doc());
}
