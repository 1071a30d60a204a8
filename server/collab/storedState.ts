/** A letter's document as the store holds it, after every edit received so far has been committed. */
import type { DocStore } from './docStore';
import { storedStateOf } from './replay';
import type { RoomManager } from './rooms';

/** The stored state of `room` as one update (`Y.encodeStateAsUpdate` form). */
export async function storedDocumentState(docStore: DocStore, rooms: RoomManager, room: string): Promise<Uint8Array> {
  await rooms.flushPending();
  return storedStateOf(await docStore.load(room));
}
