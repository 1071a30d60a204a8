/**
 * Comment anchors follow the words (DESIGN.md "Documents"): a thread is anchored by two
 * Y.RelativePositions that the server stores untouched, so after another client inserts and deletes
 * text before, inside and after the range, the anchor still covers the same words in every synced
 * copy. Deleting the words detaches the thread: its anchor collapses, and it stays listed with its quote.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../helpers/http';
import { trackAcks } from '../../helpers/acks';
import { createUser } from '../../helpers/accounts';
import { anchorOver, getThreads, plainText, postThread, requireXmlText, resolveAnchor, threadBody } from '../../helpers/comments';
import { addMember, createLetter } from '../../helpers/letters';
import type { TestClient, TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { trackLetterEvents } from '../../helpers/workspace';
import { appendParagraph, blockTexts } from '../../helpers/ydoc';

const resources = useTestResources();

/** A stock provider on the letter that tracks acknowledgements, synced. */
async function connectWithAcks(server: TestServer, letterId: string, session: Session) {
  const client = resources.connect(server, letterId, { session, ack: true, connect: false });
  const acks = trackAcks(client.provider);
  // An ack socket also hears letterEvents (the new thread); a stock provider logs frames it has no handler for.
  trackLetterEvents(client.provider);
  client.provider.connect();
  await waitForSynced(client.provider);
  return { ...client, acks };
}

/** A fresh provider that joins after everything is stored: the document as the server has it. */
async function freshCopy(server: TestServer, letterId: string, session: Session): Promise<TestClient> {
  const client = resources.connect(server, letterId, { session });
  await waitForSynced(client.provider);
  return client;
}

/** An owner and an editor on a letter, each with a synced provider, and a paragraph of known words both see. */
async function roomWithParagraph() {
  const server = await resources.startServer();
  const owner = await createUser(server);
  const editor = await createUser(server);
  const letter = await createLetter(server, owner);
  await addMember(server, owner, letter.id, editor, 'editor');
  const alice = await connectWithAcks(server, letter.id, owner);
  const bob = await connectWithAcks(server, letter.id, editor);
  const marker = randomUUID().slice(0, 8);
  const paragraph = `alpha bravo charlie delta echo foxtrot ${marker}`;
  appendParagraph(alice.doc, paragraph);
  await alice.acks.waitForSaved(alice.doc);
  await waitUntil(() => expect(blockTexts(bob.doc)).toContain(paragraph));
  return { server, owner, editor, letter, alice, bob, marker };
}

describe('an anchor', () => {
  it("still covers the same words after another client inserts and deletes before, inside, at the edges of and after it", async () => {
    const { server, owner, letter, alice, bob, marker } = await roomWithParagraph();
    const anchor = anchorOver(requireXmlText(alice.doc, marker), 'charlie delta');
    const created = await postThread(server, owner, letter.id, threadBody({ anchor, quote: 'charlie delta' }));
    expect(created.anchor).toEqual(anchor);

    // Bob edits the same Y.XmlText, one change at a time, as typing would.
    const text = requireXmlText(bob.doc, marker);
    const at = (words: string): number => plainText(text).indexOf(words);
    text.insert(at('delta'), 'INSIDE ');
    text.insert(0, 'before ');
    text.insert(plainText(text).length, ' after');
    text.delete(at('bravo '), 'bravo '.length);
    text.delete(at(' echo'), ' echo'.length);
    // Typing right at either edge stays outside the range.
    text.insert(at('charlie'), '[');
    text.insert(at(' foxtrot'), ']');
    const expected = `before alpha [charlie INSIDE delta] foxtrot ${marker} after`;
    expect(plainText(text)).toBe(expected);
    await bob.acks.waitForSaved(bob.doc);

    // Read back from the server and resolved in every copy: the writer's, the editor's and a fresh one.
    const [thread] = await getThreads(server, owner, letter.id);
    expect(thread?.id).toBe(created.id);
    expect(thread?.anchor).toEqual(anchor);
    const fresh = await freshCopy(server, letter.id, owner);
    expect(blockTexts(fresh.doc)).toContain(expected);
    await waitUntil(() => expect(blockTexts(alice.doc)).toContain(expected));
    for (const [who, doc] of [['fresh copy', fresh.doc], ['writer', alice.doc], ['editor', bob.doc]] as const) {
      expect(resolveAnchor(doc, thread?.anchor ?? anchor), who).toMatchObject({ covered: 'charlie INSIDE delta', collapsed: false });
    }
  });

  it('collapses once its words are deleted: the thread is detached, still listed with its quote', async () => {
    const { server, owner, editor, letter, alice, bob, marker } = await roomWithParagraph();
    const anchor = anchorOver(requireXmlText(alice.doc, marker), 'charlie delta');
    const created = await postThread(server, owner, letter.id, threadBody({ anchor, quote: 'charlie delta' }));

    const text = requireXmlText(bob.doc, marker);
    text.insert(plainText(text).indexOf('delta'), 'INSIDE ');
    const covered = 'charlie INSIDE delta';
    expect(resolveAnchor(bob.doc, anchor)?.covered).toBe(covered);
    text.delete(plainText(text).indexOf(covered), covered.length);
    expect(plainText(text)).toBe(`alpha bravo  echo foxtrot ${marker}`);
    await bob.acks.waitForSaved(bob.doc);

    const fresh = await freshCopy(server, letter.id, owner);
    const threads = await getThreads(server, editor, letter.id);
    expect(threads).toEqual([created]);
    expect(threads[0]?.quote).toBe('charlie delta');
    for (const [who, doc] of [['fresh copy', fresh.doc], ['editor', bob.doc]] as const) {
      const resolved = resolveAnchor(doc, anchor);
      expect(resolved, who).not.toBeNull();
      expect(resolved?.collapsed, who).toBe(true);
      expect(resolved?.start, who).toBeGreaterThanOrEqual(resolved?.end ?? Infinity);
      expect(resolved?.covered, who).toBe('');
    }
    // Words typed where the range was do not bring it back.
    text.insert(plainText(text).indexOf(' echo'), 'new words');
    expect(resolveAnchor(bob.doc, anchor)?.collapsed).toBe(true);
  });
});
