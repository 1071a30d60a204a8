/** Frame decoding and encoding on the server: what is accepted, what is refused, and why. */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  encodeSavedStateVector,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  FrameError,
  itemAt,
  KEEPALIVE_FRAME,
  MAX_VALUE_NESTING,
  parseClientFrame,
  validateNeighbours,
} from '../../../server/collab/protocol';
import { MessageType } from '../../../shared/protocol';
import { encodeFrame, syncStep1Frame, updateFrame } from '../../helpers/frames';

function docWithText(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return doc;
}

describe('parseClientFrame', () => {
  it('decodes a SyncStep1 written by y-protocols', () => {
    const doc = docWithText('hello');
    const frame = parseClientFrame(syncStep1Frame(doc));
    expect(frame.kind).toBe('syncStep1');
    if (frame.kind !== 'syncStep1') throw new Error('unreachable');
    expect(Y.decodeStateVector(frame.stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
  });

  it('decodes an update and says whether it is empty', () => {
    const update = Y.encodeStateAsUpdate(docWithText('abc'));
    const frame = parseClientFrame(updateFrame(update));
    expect(frame).toMatchObject({ kind: 'update', update, isEmpty: false });
    expect(frame.kind === 'update' && frame.structs.length).toBe(1);
    const empty = parseClientFrame(updateFrame(Y.encodeStateAsUpdate(new Y.Doc())));
    expect(empty).toMatchObject({ kind: 'update', isEmpty: true });
  });

  it('decodes SyncStep2 as an update', () => {
    const doc = docWithText('step two');
    const bytes = encodeFrame((encoder) => {
      encoding.writeVarUint(encoder, MessageType.sync);
      syncProtocol.writeSyncStep2(encoder, doc);
    });
    expect(parseClientFrame(bytes)).toMatchObject({ kind: 'update', isEmpty: false });
  });

  it('decodes awareness and query-awareness', () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState({ user: { name: 'Dr. Rivera', color: '#1a7f5a' } });
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
    const bytes = encodeFrame((encoder) => {
      encoding.writeVarUint(encoder, MessageType.awareness);
      encoding.writeVarUint8Array(encoder, update);
    });
    expect(parseClientFrame(bytes)).toEqual({
      kind: 'awareness',
      update,
      entries: [{ clientId: awareness.clientID, clock: 1, state: awareness.getLocalState(), json: JSON.stringify(awareness.getLocalState()) }],
    });
    expect(parseClientFrame(encodeFrame((e) => encoding.writeVarUint(e, MessageType.queryAwareness)))).toEqual({
      kind: 'queryAwareness',
    });
    awareness.destroy();
  });

  const malformed: [string, Uint8Array][] = [
    ['an empty frame', new Uint8Array()],
    ['an unknown message type', encodeFrame((e) => encoding.writeVarUint(e, 42))],
    ['an unknown sync type', encodeFrame((e) => { encoding.writeVarUint(e, 0); encoding.writeVarUint(e, 7); })],
    ['a truncated varint', new Uint8Array([0x80])],
    ['a length larger than the frame', encodeFrame((e) => { encoding.writeVarUint(e, 0); encoding.writeVarUint(e, 2); encoding.writeVarUint(e, 1_000_000); })],
    ['garbage inside a valid update header', encodeFrame((e) => { encoding.writeVarUint(e, 0); encoding.writeVarUint(e, 2); encoding.writeVarUint8Array(e, new Uint8Array([5, 200, 1, 255, 255, 255])); })],
    ['trailing bytes after a message', new Uint8Array([...updateFrame(Y.encodeStateAsUpdate(docWithText('x'))), 9, 9])],
    ['awareness with a state that is not JSON', encodeFrame((e) => {
      encoding.writeVarUint(e, MessageType.awareness);
      encoding.writeVarUint8Array(e, encodeFrame((inner) => { encoding.writeVarUint(inner, 1); encoding.writeVarUint(inner, 7); encoding.writeVarUint(inner, 1); encoding.writeVarString(inner, '{not json'); }));
    })],
  ];

  it.each(malformed)('refuses %s with a FrameError', (_name, bytes) => {
    expect(() => parseClientFrame(bytes)).toThrow(FrameError);
  });

  /** A value with `depth` levels of arrays around a string. */
  const nested = (depth: number): unknown => Array.from({ length: depth }).reduce<unknown>((inner) => [inner], 'core');
  const awarenessWith = (state: unknown) =>
    encodeFrame((e) => {
      encoding.writeVarUint(e, MessageType.awareness);
      encoding.writeVarUint8Array(e, encodeFrame((inner) => { encoding.writeVarUint(inner, 1); encoding.writeVarUint(inner, 7); encoding.writeVarUint(inner, 1); encoding.writeVarString(inner, JSON.stringify(state)); }));
    });
  const updateWith = (value: unknown) => {
    const doc = new Y.Doc();
    doc.getArray('a').push([value]);
    doc.getMap('m').set('k', value);
    return updateFrame(Y.encodeStateAsUpdate(doc));
  };

  it('accepts values nested up to MAX_VALUE_NESTING and refuses deeper ones (they would overflow the stack when encoded again)', () => {
    expect(parseClientFrame(awarenessWith(nested(MAX_VALUE_NESTING)))).toMatchObject({ kind: 'awareness' });
    expect(parseClientFrame(updateWith(nested(MAX_VALUE_NESTING)))).toMatchObject({ kind: 'update', isEmpty: false });
    expect(() => parseClientFrame(awarenessWith(nested(MAX_VALUE_NESTING + 1)))).toThrow(FrameError);
    expect(() => parseClientFrame(updateWith(nested(MAX_VALUE_NESTING + 1)))).toThrow(FrameError);
    expect(() => parseClientFrame(updateWith({ deep: nested(MAX_VALUE_NESTING) }))).toThrow(FrameError);
  });
});

describe('neighbours of an item', () => {
  /** A document with two texts, and an update from another client inserting 'x' between `left` and `right` of its first client. */
  const setup = (left: number, right: number) => {
    const doc = new Y.Doc();
    doc.getText('a').insert(0, 'aaa'); // clocks 0-2
    doc.getText('b').insert(0, 'bbb'); // clocks 3-5
    const update = encodeFrame((e) => {
      encoding.writeVarUint(e, 1); // one client
      encoding.writeVarUint(e, 1); // one struct
      encoding.writeVarUint(e, doc.clientID + 1);
      encoding.writeVarUint(e, 0);
      encoding.writeUint8(e, 0x80 | 0x40 | 4); // an origin, a right origin, a string
      for (const clock of [left, right]) {
        encoding.writeVarUint(e, doc.clientID);
        encoding.writeVarUint(e, clock);
      }
      encoding.writeVarString(e, 'x');
      encoding.writeVarUint(e, 0); // no deletions
    });
    return { doc, structs: Y.decodeUpdate(update).structs };
  };

  it('accepts an item between neighbours in one list', () => {
    const { doc, structs } = setup(0, 1);
    expect(() => validateNeighbours(structs, (id) => itemAt(doc, id))).not.toThrow();
  });

  it('refuses an item between neighbours in two lists (Yjs would link them into each other)', () => {
    const { doc, structs } = setup(2, 4);
    expect(() => validateNeighbours(structs, (id) => itemAt(doc, id))).toThrow(FrameError);
  });

  it('lets through neighbours the document does not have yet (Yjs waits for them)', () => {
    const { structs } = setup(2, 4);
    expect(() => validateNeighbours(structs, () => null)).not.toThrow();
  });
});

describe('server frames', () => {
  it('SyncStep1 carries the document state vector', () => {
    const doc = docWithText('letter');
    const decoder = decoding.createDecoder(encodeSyncStep1(doc));
    expect(decoding.readVarUint(decoder)).toBe(MessageType.sync);
    expect(decoding.readVarUint(decoder)).toBe(syncProtocol.messageYjsSyncStep1);
    expect(Y.decodeStateVector(decoding.readVarUint8Array(decoder))).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
  });

  it('SyncStep2 brings a client exactly to the server state, and Update applies as sent', () => {
    const server = docWithText('the server text');
    const client = new Y.Doc();
    const replyEncoder = encoding.createEncoder();
    for (const frame of [encodeSyncStep2(server, Y.encodeStateVector(client))]) {
      const decoder = decoding.createDecoder(frame);
      expect(decoding.readVarUint(decoder)).toBe(MessageType.sync);
      syncProtocol.readSyncMessage(decoder, replyEncoder, client, null);
    }
    // A SyncStep2 asks for nothing back.
    expect(encoding.length(replyEncoder)).toBe(0);
    expect(client.getText('t').toString()).toBe('the server text');

    server.getText('t').insert(0, 'Re: ');
    const update = Y.encodeStateAsUpdate(server, Y.encodeStateVector(client));
    const decoder = decoding.createDecoder(encodeUpdate(update));
    decoding.readVarUint(decoder);
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), client, null);
    expect(client.getText('t').toString()).toBe('Re: the server text');
  });

  it('the saved-state message carries a state vector, then the count of stored update frames, under type 100', () => {
    const doc = docWithText('saved');
    const decoder = decoding.createDecoder(encodeSavedStateVector(Y.encodeStateVector(doc), 300));
    expect(decoding.readVarUint(decoder)).toBe(MessageType.savedStateVector);
    expect(Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(doc.clientID)).toBe(5);
    expect(decoding.readVarUint(decoder)).toBe(300);
    expect(decoding.hasContent(decoder)).toBe(false);
  });

  it('the keep-alive is an awareness update that changes nothing on a stock client', () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    let events = 0;
    awareness.on('update', () => events++);
    const decoder = decoding.createDecoder(KEEPALIVE_FRAME);
    expect(decoding.readVarUint(decoder)).toBe(MessageType.awareness);
    awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), 'server');
    expect(events).toBe(0);
    expect(awareness.getStates().size).toBe(1);
    awareness.destroy();
  });
});
