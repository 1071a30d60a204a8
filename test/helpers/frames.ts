/**
 * Building and reading raw sync frames, for tests that talk to the server with a plain `ws`
 * socket instead of a provider. Written against y-protocols directly, not the server's code.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '../../shared/protocol';

/** Encodes one frame with lib0. */
export function encodeFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A SyncStep1 frame announcing `doc`'s state vector. */
export function syncStep1Frame(doc: Y.Doc): Uint8Array {
  return encodeFrame((encoder) => {
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeSyncStep1(encoder, doc);
  });
}

/** A sync Update frame carrying `update`. */
export function updateFrame(update: Uint8Array): Uint8Array {
  return encodeFrame((encoder) => {
    encoding.writeVarUint(encoder, MessageType.sync);
    syncProtocol.writeUpdate(encoder, update);
  });
}

/** A query-awareness frame (the server answers with every awareness state). */
export function queryAwarenessFrame(): Uint8Array {
  return encodeFrame((encoder) => encoding.writeVarUint(encoder, MessageType.queryAwareness));
}

/** The message type (first varUint) of a frame. */
export function messageTypeOf(frame: Uint8Array): number {
  return decoding.readVarUint(decoding.createDecoder(frame));
}

/** A decoded server frame, as far as the tests need it. */
export type ServerFrame =
  | { type: 'syncStep1'; stateVector: Map<number, number> }
  | { type: 'syncStep2' | 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'savedStateVector'; stateVector: Map<number, number>; updateFrames: number }
  | { type: 'other'; messageType: number };

/** Decodes a frame the server sent. */
export function decodeServerFrame(frame: Uint8Array): ServerFrame {
  const decoder = decoding.createDecoder(frame);
  const messageType = decoding.readVarUint(decoder);
  if (messageType === MessageType.sync) {
    const syncType = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) return { type: 'syncStep1', stateVector: Y.decodeStateVector(payload) };
    return { type: syncType === syncProtocol.messageYjsSyncStep2 ? 'syncStep2' : 'update', update: payload };
  }
  if (messageType === MessageType.awareness) return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
  if (messageType === MessageType.savedStateVector) {
    const stateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    return { type: 'savedStateVector', stateVector, updateFrames: decoding.readVarUint(decoder) };
  }
  return { type: 'other', messageType };
}
