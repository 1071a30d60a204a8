/**
 * Sync frames on the server side: parsing and validating what clients send (nothing reaches a
 * document or the store before it decodes cleanly), and encoding what the server sends.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { LetterEventTopic } from '../../shared/protocol';
import { MessageType, SyncMessageType } from '../../shared/protocol';

/** The structs of a decoded update. */
export type DecodedStructs = ReturnType<typeof Y.decodeUpdate>['structs'];

/** One client's presence in an awareness update; `state` null means the client left. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: unknown;
  /** The state as the client sent it. */
  json: string;
}

/** A client frame, decoded and validated. */
export type ClientFrame =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array; isEmpty: boolean; structs: DecodedStructs }
  | { kind: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
  | { kind: 'queryAwareness' }
  | { kind: 'auth' };

/**
 * Deepest nesting of arrays and objects allowed in a value a client sends (a presence state, a
 * value inside an update). The editor writes a few levels; Yjs and JSON encode recursively, so a
 * value nested thousands deep would overflow the stack whenever the server encodes it again.
 */
export const MAX_VALUE_NESTING = 64;

/** A frame that is not valid protocol; the connection that sent it is closed. */
export class FrameError extends Error {
  override readonly name = 'FrameError';
}

/** Decodes one binary frame; throws FrameError if any part of it is not valid. */
export function parseClientFrame(data: Uint8Array): ClientFrame {
  try {
    const decoder = decoding.createDecoder(data);
    const frame = readFrame(decoder);
    if (decoding.hasContent(decoder)) throw new FrameError('trailing bytes after the message');
    return frame;
  } catch (error) {
    if (error instanceof FrameError) throw error;
    throw new FrameError(`undecodable frame: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readFrame(decoder: decoding.Decoder): ClientFrame {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.sync:
      return readSyncFrame(decoder);
    case MessageType.awareness: {
      const update = decoding.readVarUint8Array(decoder);
      return { kind: 'awareness', update, entries: readAwarenessUpdate(update) };
    }
    case MessageType.queryAwareness:
      return { kind: 'queryAwareness' };
    case MessageType.auth:
      // Clients have no business sending auth messages; tolerate and ignore, as y-websocket does.
      decoding.readVarUint(decoder);
      if (decoding.hasContent(decoder)) decoding.readVarString(decoder);
      return { kind: 'auth' };
    default:
      throw new FrameError(`unknown message type ${type}`);
  }
}

function readSyncFrame(decoder: decoding.Decoder): ClientFrame {
  const syncType = decoding.readVarUint(decoder);
  switch (syncType) {
    case SyncMessageType.step1: {
      const stateVector = decoding.readVarUint8Array(decoder);
      Y.decodeStateVector(stateVector);
      return { kind: 'syncStep1', stateVector };
    }
    case SyncMessageType.step2:
    case SyncMessageType.update: {
      const update = decoding.readVarUint8Array(decoder);
      return { kind: 'update', update, ...validateUpdate(update) };
    }
    default:
      throw new FrameError(`unknown sync message type ${syncType}`);
  }
}

/** Fully decodes a Yjs (v1) update; returns its structs and whether it carries nothing. Throws if invalid. */
function validateUpdate(update: Uint8Array): { isEmpty: boolean; structs: DecodedStructs } {
  const decoded = Y.decodeUpdate(update);
  for (const struct of decoded.structs) {
    if (!Number.isSafeInteger(struct.id.client) || !Number.isSafeInteger(struct.id.clock) || struct.length < 1) {
      throw new FrameError('update has an invalid struct id');
    }
    if (struct instanceof Y.Item) {
      validateItemReferences(struct);
      validateItemContent(struct);
    }
  }
  return { isEmpty: decoded.structs.length === 0 && decoded.ds.clients.size === 0, structs: decoded.structs };
}

/** The item of `doc` that holds `id`, or null if the document has no such item (yet, or garbage-collected). */
export function itemAt(doc: Y.Doc, id: Y.ID): Y.Item | null {
  const structs = doc.store.clients.get(id.client);
  if (!structs || id.clock >= Y.getState(doc.store, id.client)) return null;
  const struct = structs[Y.findIndexSS(structs, id.clock)];
  return struct instanceof Y.Item ? struct : null;
}

/**
 * Refuses an update that places an item between two neighbours in different lists (or under
 * different map keys): Yjs would link the two lists into each other, and what each replica then
 * holds would depend on the order in which it received the edits. `itemAt` finds a neighbour in
 * the document; neighbours not there yet (waiting, or made by the same update) go unchecked.
 */
export function validateNeighbours(structs: DecodedStructs, itemAt: (id: Y.ID) => Y.Item | null): void {
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !struct.origin || !struct.rightOrigin) continue;
    const left = itemAt(struct.origin);
    const right = itemAt(struct.rightOrigin);
    if (left && right && (left.parent !== right.parent || left.parentSub !== right.parentSub)) {
      throw new FrameError('update places an item between neighbours in different lists');
    }
  }
}

/**
 * Yjs waits for a missing origin or parent from another client, but assumes one from the item's
 * own client comes earlier in the update; an update that breaks that assumption would throw
 * half-way through integration, after part of it was applied. Such an update is refused here.
 */
function validateItemReferences(item: Y.Item): void {
  const references = [item.origin, item.rightOrigin, item.parent instanceof Y.ID ? item.parent : null];
  for (const ref of references) {
    if (ref && ref.client === item.id.client && ref.clock >= item.id.clock) {
      throw new FrameError('update refers to a later item of its own client');
    }
  }
}

/** Refuses values inside an item (embedded JSON, attributes, formats) that are nested too deeply. */
function validateItemContent(item: Y.Item): void {
  const { content } = item;
  const values =
    content instanceof Y.ContentAny || content instanceof Y.ContentJSON
      ? content.arr
      : content instanceof Y.ContentEmbed
        ? [content.embed]
        : content instanceof Y.ContentFormat
          ? [content.value]
          : content instanceof Y.ContentDoc
            ? [content.opts]
            : [];
  if (values.some((value) => nestingExceeds(value, MAX_VALUE_NESTING))) throw new FrameError('update holds a value nested too deeply');
}

/** Whether arrays and objects inside `value` nest deeper than `limit` (walked without recursion). */
function nestingExceeds(value: unknown, limit: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.value === null || typeof next.value !== 'object' || ArrayBuffer.isView(next.value)) continue;
    if (next.depth >= limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

/** Fully decodes an awareness update (client ids, clocks, JSON states). Throws if invalid. */
function readAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    const state: unknown = JSON.parse(json);
    if (nestingExceeds(state, MAX_VALUE_NESTING)) throw new FrameError('awareness state nested too deeply');
    entries.push({ clientId, clock, state, json });
  }
  if (decoding.hasContent(decoder)) throw new FrameError('trailing bytes in awareness update');
  return entries;
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** SyncStep1: the server's state vector, asking the client for what the server lacks. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MessageType.sync);
    encoding.writeVarUint(encoder, SyncMessageType.step1);
    encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
  });
}

/** SyncStep2: everything the document has that the given state vector lacks. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MessageType.sync);
    encoding.writeVarUint(encoder, SyncMessageType.step2);
    encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc, stateVector));
  });
}

/** A sync Update message carrying one (merged) update. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MessageType.sync);
    encoding.writeVarUint(encoder, SyncMessageType.update);
    encoding.writeVarUint8Array(encoder, update);
  });
}

/** An awareness message carrying an encoded awareness update. */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, update);
  });
}

/** An awareness update made of the given entries (a filtered client update). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(encoder, entry.clientId);
      encoding.writeVarUint(encoder, entry.clock);
      encoding.writeVarString(encoder, entry.json);
    }
  });
}

/**
 * Casewrite's extension (only for `?ack=1`): the state vector of what is durably stored, then how
 * many of the connection's update frames are stored (or needed no storing).
 */
export function encodeSavedStateVector(stateVector: Uint8Array, updateFrames: number): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MessageType.savedStateVector);
    encoding.writeVarUint8Array(encoder, stateVector);
    encoding.writeVarUint(encoder, updateFrames);
  });
}

/** Casewrite's extension: a letter resource outside the document changed (only for `?ack=1`). */
export function encodeLetterEvent(topic: LetterEventTopic): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MessageType.letterEvent);
    encoding.writeVarString(encoder, JSON.stringify({ topic }));
  });
}

/**
 * Keeps an idle y-websocket client from timing out (it cannot see pings): an awareness update
 * with no states, which every client decodes and ignores.
 */
export const KEEPALIVE_FRAME: Uint8Array = encodeAwareness(frame((encoder) => encoding.writeVarUint(encoder, 0)));
