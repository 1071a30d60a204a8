/**
 * Restoring a version: a forward edit made by the server through the letter's room, so connected
 * clients receive it live and nobody's history is rewritten. When nobody is connected the room
 * loads for the edit, stores it and unloads again.
 */
import * as Y from 'yjs';
import { BODY_FRAGMENT } from '../../shared/protocol';
import type { RoomManager } from '../collab/rooms';
import { reconcileFragment } from './reconcile';

/** Makes the letter's body equal to the body in `state` (a stored version); resolves once stored. */
export async function restoreDocumentState(rooms: RoomManager, letterId: string, state: Uint8Array): Promise<void> {
  const version = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(version, state);
    await rooms.editDocument(letterId, (doc) => reconcileFragment(doc.getXmlFragment(BODY_FRAGMENT), version.getXmlFragment(BODY_FRAGMENT)));
  } finally {
    version.destroy();
  }
}
