/**
 * The socket bounds a letter's body (LetterBodyLimits): an edit that would take it past the size
 * limit, or nest elements deeper than allowed, is refused before the document or the store sees
 * it, and the writer's socket closes with a named, final reason; everyone else carries on.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bodyLimitRefusal, contentSizeOf } from '../../../server/collab/bodyLimits';
import { LetterBodyLimits } from '../../../shared/limits';
import { CloseReason } from '../../../shared/protocol';
import { createUser } from '../../helpers/accounts';
import { updateFrame } from '../../helpers/frames';
import type { RawClient } from '../../helpers/rawClient';
import { joinRaw } from '../../helpers/rawClient';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { waitUntil } from '../../helpers/wait';
import { blockTexts, bodyOf, storedTexts } from '../../helpers/ydoc';

const resources = useTestResources();

/** Applies `edit` to the client's replica and sends the change as one Update frame. */
function sendChange(client: RawClient, edit: (body: Y.XmlFragment) => void): void {
  const before = Y.encodeStateVector(client.doc);
  client.doc.transact(() => edit(bodyOf(client.doc)));
  client.socket.ws.send(updateFrame(Y.encodeStateAsUpdate(client.doc, before)));
}

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  const node = new Y.XmlText();
  node.insert(0, text);
  element.insert(0, [node]);
  return element;
}

/** Inserts, at the end of `parent`, blockquotes `levels` deep; returns the innermost (built one level at a time). */
function nestQuotes(parent: Y.XmlFragment | Y.XmlElement, levels: number): Y.XmlFragment | Y.XmlElement {
  let inner = parent;
  for (let level = 0; level < levels; level += 1) {
    const quote = new Y.XmlElement('blockquote');
    inner.insert(inner.length, [quote]);
    inner = quote;
  }
  return inner;
}

/** The block texts of a client's replica once it has applied every update the server sent it. */
function textsSeenBy(client: RawClient): string[] {
  for (const update of client.receivedUpdates()) Y.applyUpdate(client.doc, update);
  return blockTexts(client.doc);
}

async function setUp() {
  const server = await resources.startServer();
  const owner = await createUser(server);
  const letter = await createLetter(server, owner);
  const writer = await joinRaw(resources, server, letter.id, owner);
  const other = await joinRaw(resources, server, letter.id, owner);
  return { server, owner, letterId: letter.id, writer, other };
}

async function expectClosedWith(client: RawClient, reason: { code: number; reason: string }): Promise<void> {
  const closed = await client.socket.closed;
  expect(closed).toEqual(reason);
}

describe('letter body limits on the socket', () => {
  it('refuses an edit that would take the letter past the size limit, stores none of it, and tells the writer', async () => {
    const { server, letterId, writer, other } = await setUp();
    const marker = 'Oversized appendix: ';
    sendChange(writer, (body) => body.insert(body.length, [paragraph(marker + 'x'.repeat(LetterBodyLimits.maxContentSize))]));
    await expectClosedWith(writer, CloseReason.letterTooLarge);
    // Everyone else stays connected and never received it; the store never held it.
    await other.roundTrip();
    expect(textsSeenBy(other).some((text) => text.startsWith(marker))).toBe(false);
    expect((await storedTexts(server.database, letterId)).some((text) => text.startsWith(marker))).toBe(false);
  });

  it('counts edits as the letter grows: deleting makes room again, and the edit that would pass the limit is refused', async () => {
    const { server, letterId, writer } = await setUp();
    const room = LetterBodyLimits.maxContentSize - contentSizeOf(writer.doc);
    // Nearly full, in one edit.
    sendChange(writer, (body) => body.insert(body.length, [paragraph('A'.repeat(room - 5_000))]));
    await writer.roundTrip();
    // Deleted, then room for more.
    sendChange(writer, (body) => body.delete(body.length - 1, 1));
    await writer.roundTrip();
    sendChange(writer, (body) => body.insert(body.length, [paragraph('B'.repeat(room - 5_000))]));
    await writer.roundTrip();
    // Small edits fit until the limit.
    sendChange(writer, (body) => body.insert(body.length, [paragraph('C'.repeat(1_000))]));
    await writer.roundTrip();
    sendChange(writer, (body) => body.insert(body.length, [paragraph('D'.repeat(5_000))]));
    await expectClosedWith(writer, CloseReason.letterTooLarge);
    await waitUntil(async () => {
      const stored = await storedTexts(server.database, letterId);
      // Letters only: the template's headings are words.
      expect(stored.filter((text) => /^([ABCD])\1+$/.test(text)).map((text) => text[0])).toEqual(['B', 'C']);
    });
  });

  it('refuses an edit that nests elements deeper than the limit, and accepts nesting up to it', async () => {
    const { server, letterId, writer, other } = await setUp();
    // Deepest node at exactly the limit: quotes, a paragraph, its text.
    sendChange(writer, (body) => nestQuotes(body, LetterBodyLimits.maxNestingDepth - 2).insert(0, [paragraph('Deep but allowed')]));
    await writer.roundTrip();
    await other.roundTrip();
    expect(textsSeenBy(other)).toContain('Deep but allowed');
    // One level more.
    sendChange(writer, (body) => nestQuotes(body, LetterBodyLimits.maxNestingDepth - 1).insert(0, [paragraph('Too deep')]));
    await expectClosedWith(writer, CloseReason.nestingTooDeep);
    await other.roundTrip();
    expect(textsSeenBy(other)).not.toContain('Too deep');
    await waitUntil(async () => expect(await storedTexts(server.database, letterId)).toContain('Deep but allowed'));
    expect(await storedTexts(server.database, letterId)).not.toContain('Too deep');
  });

  it('refuses nesting built up over several edits, each shallow on its own', async () => {
    const { server, letterId, writer } = await setUp();
    const step = Math.ceil(LetterBodyLimits.maxNestingDepth / 3);
    let innermost: Y.XmlFragment | Y.XmlElement = bodyOf(writer.doc);
    const nestDeeper = (label: string) => {
      const parent = innermost;
      sendChange(writer, () => {
        innermost = nestQuotes(parent, step);
        innermost.insert(0, [paragraph(label)]);
      });
    };
    // Two edits of a third of the limit each are fine; the third would pass it.
    nestDeeper('level 0');
    await writer.roundTrip();
    nestDeeper('level 1');
    await writer.roundTrip();
    nestDeeper('level 2');
    await expectClosedWith(writer, CloseReason.nestingTooDeep);
    await waitUntil(async () => expect(await storedTexts(server.database, letterId)).toContain('level 0level 1'));
    expect((await storedTexts(server.database, letterId)).join()).not.toContain('level 2');
  });

  it('tells a stock y-websocket client the reason, and it stops reconnecting rather than send the edit again', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const { doc, provider } = resources.connect(server, letter.id, { session: owner });
    const closes: { code: number; reason: string }[] = [];
    provider.on('closed', (event) => closes.push({ code: event.code, reason: event.reason }));
    await waitUntil(() => expect(provider.synced).toBe(true));
    bodyOf(doc).insert(0, [paragraph('x'.repeat(LetterBodyLimits.maxContentSize))]);
    await waitUntil(() => expect(closes).toEqual([CloseReason.letterTooLarge]));
    expect(provider.shouldConnect).toBe(false);
  });
});

describe('bodyLimitRefusal', () => {
  it('counts what reached the document another way (another instance, the server itself) before allowing more', () => {
    const bounds = { maxContentSize: 1_000, maxNestingDepth: LetterBodyLimits.maxNestingDepth };
    const room = new Y.Doc();
    const writer = new Y.Doc();
    const elsewhere = new Y.Doc();
    const append = (doc: Y.Doc, text: string): Uint8Array => {
      const before = Y.encodeStateVector(doc);
      bodyOf(doc).insert(bodyOf(doc).length, [paragraph(text)]);
      return Y.encodeStateAsUpdate(doc, before);
    };
    const first = append(writer, 'a'.repeat(100));
    expect(bodyLimitRefusal(room, Y.decodeUpdate(first).structs, bounds)).toBeNull();
    Y.applyUpdate(room, first);
    // A writer on another instance fills the letter; the edit arrives stored, unchecked here.
    Y.applyUpdate(elsewhere, first);
    Y.applyUpdate(room, append(elsewhere, 'b'.repeat(800)));
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(room));
    const second = append(writer, 'c'.repeat(100));
    expect(bodyLimitRefusal(room, Y.decodeUpdate(second).structs, bounds)).toEqual(CloseReason.letterTooLarge);
    for (const doc of [room, writer, elsewhere]) doc.destroy();
  });
});
