/**
 * Bad frames close only the connection that sent them, with the named code, while other clients
 * of the same room keep syncing.
 */
import { randomUUID } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentSizeOf } from '../../../server/collab/bodyLimits';
import { LetterBodyLimits } from '../../../shared/limits';
import { CloseReason, MAX_FRAME_BYTES, MessageType, SyncMessageType } from '../../../shared/protocol';
import { decodeServerFrame, encodeFrame, syncStep1Frame, updateFrame } from '../../helpers/frames';
import type { TestClient } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { startOwnerRoom } from '../../helpers/rooms';
import { createRandom } from '../../helpers/randomEdits';
import { waitUntil } from '../../helpers/wait';
import { openTestDatabase } from '../../helpers/database';
import { appendParagraph, blockTexts, bodyOf, readStoredRoom } from '../../helpers/ydoc';

const resources = useTestResources();

/** Bytes that are not a Yjs update (checked in the test: Y.decodeUpdate rejects them). */
const NOT_AN_UPDATE = new Uint8Array([5, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 1]);

const badFrames: [string, () => Uint8Array | string, { code: number; reason: string }][] = [
  ['an unknown message type', () => encodeFrame((e) => encoding.writeVarUint(e, 42)), CloseReason.malformedFrame],
  ['the acknowledgement type, which only the server sends', () => encodeFrame((e) => {
    encoding.writeVarUint(e, MessageType.savedStateVector);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
  }), CloseReason.malformedFrame],
  ['an unknown sync message type', () => encodeFrame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, 7);
    encoding.writeVarUint8Array(e, new Uint8Array([0]));
  }), CloseReason.malformedFrame],
  ['a truncated sync update', () => encodeFrame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncMessageType.update);
    encoding.writeVarUint(e, 50); // announces 50 bytes, sends 3
    encoding.writeUint8Array(e, new Uint8Array([1, 2, 3]));
  }), CloseReason.malformedFrame],
  ['an update whose bytes are not a Yjs update', () => encodeFrame((e) => {
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, SyncMessageType.update);
    encoding.writeVarUint8Array(e, NOT_AN_UPDATE);
  }), CloseReason.malformedFrame],
  ['a valid message followed by trailing bytes', () => {
    const valid = syncStep1Frame(new Y.Doc());
    return new Uint8Array([...valid, 9, 9]);
  }, CloseReason.malformedFrame],
  ['an awareness update that is not JSON', () => encodeFrame((e) => {
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, encodeFrame((a) => {
      encoding.writeVarUint(a, 1);
      encoding.writeVarUint(a, 123);
      encoding.writeVarUint(a, 1);
      encoding.writeVarString(a, '{not json');
    }));
  }), CloseReason.malformedFrame],
  ['a text frame', () => 'hello, server', CloseReason.textFrame],
  ['a frame larger than MAX_FRAME_BYTES', () => new Uint8Array(MAX_FRAME_BYTES + 1), CloseReason.tooBig],
];

/** Asserts that two healthy clients still exchange edits through the server. */
async function expectStillSyncing(from: TestClient, to: TestClient): Promise<void> {
  const text = `still syncing ${randomUUID()}`;
  appendParagraph(from.doc, text);
  await waitUntil(() => expect(blockTexts(to.doc)).toContain(text));
}

describe('malformed frames', () => {
  it('the "not an update" fixture really is not a Yjs update', () => {
    expect(() => Y.decodeUpdate(NOT_AN_UPDATE)).toThrow();
  });

  it.each(badFrames)('closes a connection that sends %s, and only that one', async (_case, makeFrame, expected) => {
    const { server, owner, letter, alice, bob } = await startOwnerRoom(resources);
    const closes: number[] = [];
    for (const { provider } of [alice, bob]) provider.on('connection-close', (event) => closes.push(event?.code ?? -1));

    const offender = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner });
    await offender.opened;
    // Joined: the server greets a connection with SyncStep1 once its room is loaded.
    await waitUntil(() => expect(offender.frames.length).toBeGreaterThan(0));
    offender.ws.send(makeFrame());

    const closed = await offender.closed;
    expect(closed.code).toBe(expected.code);
    if (expected.code !== CloseReason.tooBig.code) expect(closed.reason).toBe(expected.reason);

    await expectStillSyncing(alice, bob);
    await expectStillSyncing(bob, alice);
    expect(closes).toEqual([]);
    expect(alice.provider.wsconnected && bob.provider.wsconnected).toBe(true);
    expect(Y.encodeStateVector(alice.doc)).toEqual(Y.encodeStateVector(bob.doc));
    expect(server.rooms.has(letter.id)).toBe(true);
  });

  it('closes each offender with its own code while three bad clients misbehave at once', async () => {
    const { server, owner, letter, alice, bob } = await startOwnerRoom(resources);

    const [binary, text, big] = [0, 1, 2].map(() => resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner }));
    for (const socket of [binary, text, big]) await socket?.opened;
    binary?.ws.send(encodeFrame((e) => encoding.writeVarUint(e, 77)));
    text?.ws.send('{"type":"sync"}');
    big?.ws.send(new Uint8Array(MAX_FRAME_BYTES + 1024));

    expect((await binary?.closed)?.code).toBe(CloseReason.malformedFrame.code);
    expect((await text?.closed)?.code).toBe(CloseReason.textFrame.code);
    expect((await big?.closed)?.code).toBe(CloseReason.tooBig.code);
    await expectStillSyncing(alice, bob);
  });

  it('accepts a large frame under the limit', async () => {
    const { alice, bob } = await startOwnerRoom(resources);
    // As much text as a letter may hold, in one update: big, and within MAX_FRAME_BYTES.
    const big = 'x'.repeat(LetterBodyLimits.maxContentSize - contentSizeOf(alice.doc) - 1_000);
    expect(big.length).toBeLessThan(MAX_FRAME_BYTES);
    appendParagraph(alice.doc, big);
    await waitUntil(() => expect(blockTexts(bob.doc).at(-1)?.length).toBe(big.length));
    expect(alice.provider.wsconnected).toBe(true);
  });
});

/**
 * Finds, by seeded mutation of a real edit, an update that passes every decoding check a server
 * can make (Y.decodeUpdate, safe ids) and still throws when a replica of `base` applies it: for
 * example an item whose origin names a later clock of its own client.
 */
function findUndigestibleUpdate(base: Uint8Array): Uint8Array {
  const editor = new Y.Doc();
  Y.applyUpdate(editor, base);
  const before = Y.encodeStateVector(editor);
  const text = new Y.XmlText();
  editor.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [text]);
    bodyOf(editor).push([paragraph]);
  });
  text.insert(0, 'hello world');
  text.insert(3, 'XYZ');
  text.format(0, 4, { bold: true });
  text.delete(8, 2);
  editor.getMap('meta').set('b', [1, 2]);
  const edit = Y.encodeStateAsUpdate(editor, before);
  editor.destroy();

  const random = createRandom(99);
  for (let attempt = 0; attempt < 200_000; attempt += 1) {
    const mutated = new Uint8Array(edit);
    for (let flips = 1 + random.int(3); flips > 0; flips -= 1) mutated[random.int(mutated.length)] = random.int(256);
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(mutated);
    } catch {
      continue;
    }
    if (!decoded.structs.every((struct) => Number.isSafeInteger(struct.id.client) && Number.isSafeInteger(struct.id.clock) && struct.length >= 1)) continue;
    const replica = new Y.Doc();
    Y.applyUpdate(replica, base);
    try {
      Y.applyUpdate(replica, mutated);
    } catch {
      return mutated;
    } finally {
      replica.destroy();
    }
  }
  throw new Error('no undigestible update found');
}

describe('updates that decode but cannot be integrated', () => {
  it('close only the sender, and nothing of them reaches the store', async () => {
    const { server, owner, letter, alice, bob } = await startOwnerRoom(resources);
    const closes: number[] = [];
    for (const { provider } of [alice, bob]) provider.on('connection-close', (event) => closes.push(event?.code ?? -1));

    const offender = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner });
    await offender.opened;
    offender.ws.send(syncStep1Frame(new Y.Doc()));
    const step2 = await waitUntil(() => {
      const found = offender.frames.map(decodeServerFrame).find((frame) => frame.type === 'syncStep2');
      if (found?.type !== 'syncStep2') throw new Error('no SyncStep2 yet');
      return found.update;
    });
    const poison = findUndigestibleUpdate(step2);
    const poisonClients = new Set(Y.decodeUpdate(poison).structs.map((struct) => struct.id.client));
    offender.ws.send(updateFrame(poison));

    expect((await offender.closed).code).toBe(CloseReason.malformedFrame.code);
    await expectStillSyncing(alice, bob);
    expect.soft(closes, 'other clients of the room were disconnected').toEqual([]);

    const reader = openTestDatabase(server.database);
    resources.defer(() => reader.close());
    const stored = await readStoredRoom(reader, letter.id);
    const storedClients = [...Y.decodeStateVector(Y.encodeStateVector(stored.doc)).keys()];
    stored.doc.destroy();
    expect(storedClients.filter((client) => poisonClients.has(client)), 'part of the rejected update was stored').toEqual([]);
  });
});
