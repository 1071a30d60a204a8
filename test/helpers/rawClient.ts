/**
 * A minimal y-protocols client over a raw `ws` socket: it syncs a local replica, sends edits as
 * Update or SyncStep2 frames, and measures round trips, for tests that need to see every frame.
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { MessageType } from '../../shared/protocol';
import { decodeServerFrame, encodeFrame, messageTypeOf, queryAwarenessFrame, syncStep1Frame, updateFrame } from './frames';
import type { Session } from './http';
import type { RawSocket, TestResources, TestServer } from './resources';
import { waitUntil } from './wait';
import { appendParagraph } from './ydoc';

/** A raw client with a synced replica of the letter. */
export interface RawClient {
  socket: RawSocket;
  doc: Y.Doc;
  /** Appends a paragraph locally and sends the change as a sync Update frame; returns the update. */
  sendEdit(text: string): Uint8Array;
  /** Appends a paragraph locally and sends the change inside a SyncStep2 frame. */
  sendEditAsSyncStep2(text: string): Uint8Array;
  /** Asks for awareness and waits for the answer: every frame sent before has been handled by then. */
  roundTrip(): Promise<void>;
  /** Updates received from the server after joining (broadcast edits of others). */
  receivedUpdates(): Uint8Array[];
}

/** Opens a raw socket to a letter with `session`, sends SyncStep1 and waits for the server's SyncStep2. */
export async function joinRaw(resources: TestResources, server: Pick<TestServer, 'syncUrl'>, letterId: string, session: Session, query = ''): Promise<RawClient> {
  const socket = resources.rawSocket(`${server.syncUrl}/${letterId}${query}`, { session });
  await socket.opened;
  const doc = new Y.Doc();
  resources.defer(() => doc.destroy());
  socket.ws.send(syncStep1Frame(doc));
  const step2 = await waitUntil(() => {
    const found = socket.frames.map(decodeServerFrame).find((frame) => frame.type === 'syncStep2');
    if (found?.type !== 'syncStep2') throw new Error(`no SyncStep2 yet (socket closed: ${JSON.stringify(socket.closeInfo)})`);
    return found.update;
  });
  Y.applyUpdate(doc, step2);
  const joinedAt = socket.frames.length;

  const edit = (text: string): Uint8Array => {
    const before = Y.encodeStateVector(doc);
    appendParagraph(doc, text);
    return Y.encodeStateAsUpdate(doc, before);
  };

  return {
    socket,
    doc,
    sendEdit(text) {
      const update = edit(text);
      socket.ws.send(updateFrame(update));
      return update;
    },
    sendEditAsSyncStep2(text) {
      const update = edit(text);
      socket.ws.send(
        encodeFrame((encoder) => {
          encoding.writeVarUint(encoder, MessageType.sync);
          encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
          encoding.writeVarUint8Array(encoder, update);
        }),
      );
      return update;
    },
    async roundTrip() {
      const awarenessFrames = () => socket.frames.filter((frame) => messageTypeOf(frame) === MessageType.awareness).length;
      const before = awarenessFrames();
      socket.ws.send(queryAwarenessFrame());
      await waitUntil(() => {
        expect(socket.closeInfo, 'the socket closed during a round trip').toBeNull();
        expect(awarenessFrames()).toBeGreaterThan(before);
      });
    },
    receivedUpdates() {
      return socket.frames
        .slice(joinedAt)
        .map(decodeServerFrame)
        .flatMap((frame) => (frame.type === 'update' || frame.type === 'syncStep2' ? [frame.update] : []));
    },
  };
}
