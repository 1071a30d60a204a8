/**
 * `/api/inbox`: mentions notify members only (a mentioned non-member is neither notified nor
 * stored), replies notify the thread's author, the unread count follows reading one item or all,
 * and an item disappears once its user is no longer on the letter. Every route needs a session.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { INBOX_EXCERPT_LENGTH } from '../../../shared/inbox';
import { createUser } from '../../helpers/accounts';
import { commentRequest, firstComment, getInbox, getThreads, postReply, postThread, threadBody } from '../../helpers/comments';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { addMember, createLetter, createSharedLetter, type SharedLetter } from '../../helpers/letters';
import { type TestServer, useTestResources } from '../../helpers/resources';
import { clearInbox } from '../../helpers/reviews';

const resources = useTestResources();

/** A shared letter whose members' inboxes start empty: what joining it left is tested with sharing. */
async function sharedLetter(server: TestServer): Promise<SharedLetter> {
  const shared = await createSharedLetter(server);
  await clearInbox(server.database);
  return shared;
}

describe('mentions', () => {
  it('notify the mentioned members only; mentions of non-members and unknown ids are dropped and not stored', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter, viewer, outsider } = await sharedLetter(server);
    const stranger = randomUUID();
    const body = `@editor @viewer please look ${randomUUID().slice(0, 8)}`;
    const thread = await postThread(server, owner, letter.id, threadBody({ body, mentions: [editor.user.id, outsider.user.id, stranger, viewer.user.id, editor.user.id, owner.user.id] }));
    expect(firstComment(thread).mentions).toEqual([editor.user.id, viewer.user.id, owner.user.id]);
    expect((await getThreads(server, editor, letter.id))[0]?.comments[0]?.mentions).toEqual([editor.user.id, viewer.user.id, owner.user.id]);

    for (const person of [editor, viewer]) {
      const inbox = await getInbox(server, person);
      expect(inbox).toEqual({
        unread: 1,
        items: [
          {
            id: expect.any(String),
            kind: 'mention',
            letterId: letter.id,
            letterTitle: letter.title,
            threadId: thread.id,
            reviewId: null,
            actor: { userId: owner.user.id, name: owner.user.name },
            excerpt: body,
            createdAt: expect.any(String),
            readAt: null,
          },
        ],
      });
    }
    // Not the outsider, not the commenter (not mentioned), not the author who mentioned themself.
    for (const person of [outsider, commenter, owner]) expect(await getInbox(server, person)).toEqual({ items: [], unread: 0 });
  });

  it('an edit notifies only members newly mentioned; removing a mention takes nothing back', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter, outsider } = await sharedLetter(server);
    const thread = await postThread(server, owner, letter.id, threadBody({ mentions: [editor.user.id] }));
    const path = { letterId: letter.id, threadId: thread.id, commentId: firstComment(thread).id };
    await expectJson(commentRequest(server, owner, path, 'PATCH', { body: 'Now with the commenter', mentions: [editor.user.id, commenter.user.id, outsider.user.id] }), 200);
    expect((await getInbox(server, editor)).items).toHaveLength(1);
    expect((await getInbox(server, commenter)).items.map((item) => [item.kind, item.excerpt])).toEqual([['mention', 'Now with the commenter']]);
    expect(await getInbox(server, outsider)).toEqual({ items: [], unread: 0 });
    // The editor's notice now shows the edited words.
    expect((await getInbox(server, editor)).items[0]?.excerpt).toBe('Now with the commenter');

    await expectJson(commentRequest(server, owner, path, 'PATCH', { body: 'Nobody now', mentions: [] }), 200);
    expect((await getInbox(server, editor)).unread).toBe(1);
    expect((await getInbox(server, commenter)).unread).toBe(1);
  });

  it('a long comment is cut to a short excerpt', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await sharedLetter(server);
    const body = Array.from({ length: 120 }, (_unused, index) => `word${index}`).join(' ');
    await postThread(server, owner, letter.id, threadBody({ body, mentions: [editor.user.id] }));
    const [item] = (await getInbox(server, editor)).items;
    expect(item?.excerpt.length).toBeLessThanOrEqual(INBOX_EXCERPT_LENGTH);
    expect(item?.excerpt.endsWith('…')).toBe(true);
    expect(body.startsWith(item?.excerpt.slice(0, -1) ?? '-')).toBe(true);
  });
});

describe('replies', () => {
  it("notify the thread's author, once even when also mentioned, and never for their own replies", async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter } = await sharedLetter(server);
    const thread = await postThread(server, commenter, letter.id);
    await postReply(server, editor, letter.id, thread.id, { body: 'A reply from the editor' });
    await postReply(server, commenter, letter.id, thread.id, { body: 'The author answers' });
    await postReply(server, owner, letter.id, thread.id, { body: 'Owner, mentioning the author', mentions: [commenter.user.id] });

    const inbox = await getInbox(server, commenter);
    expect(inbox.unread).toBe(2);
    expect(inbox.items.map((item) => [item.kind, item.actor?.userId, item.excerpt, item.threadId]).sort()).toEqual(
      [
        ['reply', editor.user.id, 'A reply from the editor', thread.id],
        ['mention', owner.user.id, 'Owner, mentioning the author', thread.id],
      ].sort(),
    );
    // Others who replied hear nothing of later replies (only the thread's author does).
    expect(await getInbox(server, editor)).toEqual({ items: [], unread: 0 });
    expect(await getInbox(server, owner)).toEqual({ items: [], unread: 0 });
  });

  it('a deleted comment leaves the inboxes it reached', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter } = await sharedLetter(server);
    const thread = await postThread(server, owner, letter.id);
    const reply = await postReply(server, editor, letter.id, thread.id, { body: 'Private remark', mentions: [commenter.user.id] });
    expect((await getInbox(server, owner)).unread).toBe(1);
    expect((await getInbox(server, commenter)).unread).toBe(1);
    expect((await commentRequest(server, editor, { letterId: letter.id, threadId: thread.id, commentId: reply.id }, 'DELETE')).status).toBe(204);
    expect(await getInbox(server, owner)).toEqual({ items: [], unread: 0 });
    expect(await getInbox(server, commenter)).toEqual({ items: [], unread: 0 });
  });
});

describe('reading', () => {
  it('marks one item or all read, counting unread ones; items of others are 404', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter } = await sharedLetter(server);
    for (let i = 0; i < 3; i += 1) await postThread(server, owner, letter.id, threadBody({ body: `Mention ${i}`, mentions: [editor.user.id] }));
    await postThread(server, owner, letter.id, threadBody({ mentions: [commenter.user.id] }));
    const inbox = await getInbox(server, editor);
    expect(inbox.unread).toBe(3);
    // Newest first.
    expect(inbox.items.map((item) => item.excerpt)).toEqual(['Mention 2', 'Mention 1', 'Mention 0']);
    const [newest, middle] = inbox.items;

    const read = await requestJson(server, `/api/inbox/${middle?.id}/read`, { method: 'POST', session: editor });
    expect(read.status).toBe(204);
    const afterOne = await getInbox(server, editor);
    expect(afterOne.unread).toBe(2);
    expect(afterOne.items.find((item) => item.id === middle?.id)?.readAt).toEqual(expect.any(String));
    expect(afterOne.items.filter((item) => item.readAt === null).map((item) => item.id)).not.toContain(middle?.id);
    // Reading it again is fine; reading someone else's item or an unknown one is 404 and changes nothing.
    expect((await requestJson(server, `/api/inbox/${middle?.id}/read`, { method: 'POST', session: editor })).status).toBe(204);
    for (const itemId of [newest?.id, randomUUID(), 'nope']) {
      expect((await expectApiError(await requestJson(server, `/api/inbox/${itemId}/read`, { method: 'POST', session: commenter }), 404)).code).toBe('not_found');
    }
    expect((await getInbox(server, editor)).unread).toBe(2);

    expect((await requestJson(server, '/api/inbox/read-all', { method: 'POST', session: editor })).status).toBe(204);
    const afterAll = await getInbox(server, editor);
    expect(afterAll.unread).toBe(0);
    expect(afterAll.items.every((item) => item.readAt !== null)).toBe(true);
    // Only the caller's items were read.
    expect((await getInbox(server, commenter)).unread).toBe(1);
  });

  it('an item disappears once its user is removed from the letter, and the count with it', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await sharedLetter(server);
    const other = await createLetter(server, owner);
    await addMember(server, owner, other.id, editor, 'commenter');
    await clearInbox(server.database);
    await postThread(server, owner, letter.id, threadBody({ mentions: [editor.user.id] }));
    await postThread(server, owner, other.id, threadBody({ mentions: [editor.user.id] }));
    expect((await getInbox(server, editor)).unread).toBe(2);

    expect((await requestJson(server, `/api/letters/${letter.id}/members/${editor.user.id}`, { method: 'DELETE', session: owner })).status).toBe(204);
    const inbox = await getInbox(server, editor);
    expect(inbox.unread).toBe(1);
    expect(inbox.items.map((item) => item.letterId)).toEqual([other.id]);
  });

  it('every inbox route needs a session (401)', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await sharedLetter(server);
    await postThread(server, owner, letter.id, threadBody({ mentions: [editor.user.id] }));
    const [item] = (await getInbox(server, editor)).items;
    const anonymous = await createUser(server);
    expect(await getInbox(server, anonymous)).toEqual({ items: [], unread: 0 });
    for (const [method, path] of [['GET', '/api/inbox'], ['POST', `/api/inbox/${item?.id}/read`], ['POST', '/api/inbox/read-all']] as const) {
      expect((await expectApiError(await requestJson(server, path, { method }), 401)).code, `${method} ${path}`).toBe('unauthenticated');
    }
    expect((await getInbox(server, editor)).unread).toBe(1);
  });
});
