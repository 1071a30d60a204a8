/**
 * Comments reach open clients live: every change is announced to the letter's ack sockets as
 * letterEvent {topic:'comments'}, and a member who gets an inbox item hears {topic:'inbox'} on any
 * of their ack sockets, on whichever letter it is open. Refused requests announce nothing.
 */
import { describe, expect, it } from 'vitest';
import { createLetter, createSharedLetter } from '../../helpers/letters';
import { commentRequest, postReply, postThread, postThreadRequest, resolveRequest, threadBody } from '../../helpers/comments';
import { expectApiError, expectJson } from '../../helpers/http';
import { joinRaw } from '../../helpers/rawClient';
import { useTestResources } from '../../helpers/resources';
import { waitUntil } from '../../helpers/wait';
import { letterEventTopics, listenForLetterEvents } from '../../helpers/workspace';

const resources = useTestResources();

describe('live updates', () => {
  it("each comment change reaches the letter's ack sockets as letterEvent {topic:'comments'}; stock sockets hear nothing", async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter, viewer } = await createSharedLetter(server);
    const editorClient = await listenForLetterEvents(resources, server, letter.id, editor);
    const editorEvents = editorClient.events;
    const viewerRaw = await joinRaw(resources, server, letter.id, viewer, '?ack=1');
    const stock = await joinRaw(resources, server, letter.id, owner);

    // A refused request announces nothing.
    await expectApiError(await postThreadRequest(server, commenter, letter.id, { ...threadBody(), body: '' }), 400);
    const thread = await postThread(server, commenter, letter.id);
    await waitUntil(() => expect(editorEvents.topics).toEqual(['comments']));
    await waitUntil(() => expect(letterEventTopics(viewerRaw.socket.frames)).toEqual(['comments']));

    const reply = await postReply(server, owner, letter.id, thread.id, { body: 'Noted.' });
    await expectJson(commentRequest(server, owner, { letterId: letter.id, threadId: thread.id, commentId: reply.id }, 'PATCH', { body: 'Noted, thanks.' }), 200);
    await expectJson(resolveRequest(server, commenter, letter.id, thread.id, { resolved: true }), 200);
    expect((await commentRequest(server, owner, { letterId: letter.id, threadId: thread.id, commentId: reply.id }, 'DELETE')).status).toBe(204);
    await waitUntil(() => expect(letterEventTopics(viewerRaw.socket.frames)).toEqual(Array.from({ length: 5 }, () => 'comments')));
    await waitUntil(() => expect(editorEvents.topics).toHaveLength(5));
    // The owner's reply notified the thread's author (the commenter) only: the editor's inbox did not change.
    expect(editorEvents.topics.every((topic) => topic === 'comments')).toBe(true);
    await stock.roundTrip();
    expect(letterEventTopics(stock.socket.frames)).toEqual([]);
  });

  it("a mentioned member hears {topic:'inbox'} on their ack sockets, also on another letter", async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await createSharedLetter(server);
    const elsewhere = await createLetter(server, editor);
    const onLetter = await joinRaw(resources, server, letter.id, editor, '?ack=1');
    const onOther = await joinRaw(resources, server, elsewhere.id, editor, '?ack=1');
    const ownerRaw = await joinRaw(resources, server, letter.id, owner, '?ack=1');

    await postThread(server, owner, letter.id, threadBody({ mentions: [editor.user.id] }));
    await waitUntil(() => expect(letterEventTopics(onLetter.socket.frames).sort()).toEqual(['comments', 'inbox']));
    await waitUntil(() => expect(letterEventTopics(onOther.socket.frames)).toEqual(['inbox']));
    // The author is not notified of their own comment.
    await waitUntil(() => expect(letterEventTopics(ownerRaw.socket.frames)).toEqual(['comments']));
    await ownerRaw.roundTrip();
    expect(letterEventTopics(ownerRaw.socket.frames)).toEqual(['comments']);
  });
});
