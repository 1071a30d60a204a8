/**
 * A commenter comments without touching the letter (DESIGN.md "Roles" and "Documents"): their
 * threads and replies go through the HTTP API and reach everyone, while every body change their
 * sync connection sends is refused, so the stored letter stays exactly as the editors left it.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { trackAcks } from '../../helpers/acks';
import { createUser } from '../../helpers/accounts';
import { anchorOver, getThreads, plainText, postReply, postThread, requireXmlText, resolveAnchor, threadBody } from '../../helpers/comments';
import { addMember, createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { trackLetterEvents } from '../../helpers/workspace';
import { appendParagraph, blockTexts, storedTexts } from '../../helpers/ydoc';

const resources = useTestResources();

describe('a commenter', () => {
  it('opens threads and replies over HTTP while every body edit from their connection is refused and never stored', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const commenter = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, commenter, 'commenter');

    const ownerClient = resources.connect(server, letter.id, { session: owner, ack: true, connect: false });
    const ownerAcks = trackAcks(ownerClient.provider);
    const ownerEvents = trackLetterEvents(ownerClient.provider);
    ownerClient.provider.connect();
    const commenterClient = resources.connect(server, letter.id, { session: commenter });
    await Promise.all([waitForSynced(ownerClient.provider), waitForSynced(commenterClient.provider)]);

    const marker = randomUUID().slice(0, 8);
    const paragraph = `The patient needs insulin twice daily ${marker}`;
    appendParagraph(ownerClient.doc, paragraph);
    await ownerAcks.waitForSaved(ownerClient.doc);
    await waitUntil(() => expect(blockTexts(commenterClient.doc)).toContain(paragraph));
    const storedBefore = await storedTexts(server.database, letter.id);

    // The commenter's editor changes the body locally anyway: a new paragraph and words inside the owner's.
    const fromCommenter = `rewritten by the commenter ${randomUUID()}`;
    appendParagraph(commenterClient.doc, fromCommenter);
    const theirText = requireXmlText(commenterClient.doc, marker);
    theirText.insert(plainText(theirText).indexOf('twice'), 'NEVER ');

    // Meanwhile their comments go through.
    const anchor = anchorOver(theirText, 'insulin');
    const thread = await postThread(server, commenter, letter.id, threadBody({ anchor, quote: 'insulin', body: 'Which dose exactly?' }));
    const reply = await postReply(server, commenter, letter.id, thread.id, { body: 'And since when?' });
    expect(thread.author.userId).toBe(commenter.user.id);
    expect(reply.author.userId).toBe(commenter.user.id);

    // Wait until the server has handled every frame the commenter sent: a presence change sent after
    // them reaches the owner, then an owner edit sent after that is acknowledged as stored.
    const probe = randomUUID();
    commenterClient.provider.awareness.setLocalStateField('probe', probe);
    await waitUntil(() => expect(ownerClient.provider.awareness.getStates().get(commenterClient.doc.clientID)?.probe).toBe(probe));
    const ownerMarker = `owner marker ${probe}`;
    appendParagraph(ownerClient.doc, ownerMarker);
    await ownerAcks.waitForSaved(ownerClient.doc);

    const stored = await storedTexts(server.database, letter.id);
    expect(stored).toEqual([...storedBefore, ownerMarker]);
    expect(stored.join('\n')).not.toContain('NEVER');
    expect(stored).not.toContain(fromCommenter);
    expect(blockTexts(ownerClient.doc)).not.toContain(fromCommenter);
    expect(blockTexts(ownerClient.doc)).toContain(paragraph);
    expect(commenterClient.provider.wsconnected).toBe(true);

    // The owner sees the thread and the reply, anchored to the words in the owner's own copy.
    await waitUntil(() => expect(ownerEvents.topics.filter((topic) => topic === 'comments')).toHaveLength(2));
    const threads = await getThreads(server, owner, letter.id);
    expect(threads).toHaveLength(1);
    expect(threads[0]?.comments.map((comment) => [comment.author.userId, comment.body])).toEqual([
      [commenter.user.id, 'Which dose exactly?'],
      [commenter.user.id, 'And since when?'],
    ]);
    expect(resolveAnchor(ownerClient.doc, threads[0]?.anchor ?? anchor)?.covered).toBe('insulin');
  });
});
