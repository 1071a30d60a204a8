/**
 * Who may do what with comments (DESIGN.md "Roles"): every member reads; owners, editors and
 * commenters open threads and reply; only a comment's author rewrites or deletes it, whatever
 * anyone's role; a thread's author, owners and editors resolve it; viewers 403, non-members 404,
 * no session 401, a sent letter 409; ids of another letter's threads and comments are 404.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CommentThread } from '../../../shared/comments';
import type { TestUser } from '../../helpers/accounts';
import {
  commentRequest,
  firstComment,
  getThreads,
  postReply,
  postReplyRequest,
  postThread,
  postThreadRequest,
  resolveRequest,
  threadBody,
} from '../../helpers/comments';
import type { HttpTarget, Session } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import type { SharedLetter } from '../../helpers/letters';
import { createLetter, createSharedLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { moveToStatus } from '../../helpers/workspace';

const resources = useTestResources();

/** Every comment route, with a valid body, against one thread and one of its comments. */
function everyRoute(server: HttpTarget, letterId: string, threadId: string, commentId: string) {
  const path = { letterId, threadId, commentId };
  return [
    { what: 'list threads', mutates: false, send: (session: Session | null) => requestJson(server, `/api/letters/${letterId}/threads`, { session }) },
    { what: 'open thread', mutates: true, send: (session: Session | null) => postThreadRequest(server, session, letterId, threadBody()) },
    { what: 'reply', mutates: true, send: (session: Session | null) => postReplyRequest(server, session, letterId, threadId, { body: 'a reply' }) },
    { what: 'edit comment', mutates: true, send: (session: Session | null) => commentRequest(server, session, path, 'PATCH', { body: 'reworded' }) },
    { what: 'delete comment', mutates: true, send: (session: Session | null) => commentRequest(server, session, path, 'DELETE') },
    { what: 'resolve thread', mutates: true, send: (session: Session | null) => resolveRequest(server, session, letterId, threadId, { resolved: true }) },
  ];
}

/** A shared letter with one thread by the editor, replied to by the commenter. */
async function letterWithThread(server: HttpTarget): Promise<SharedLetter & { thread: CommentThread }> {
  const shared = await createSharedLetter(server);
  const opened = await postThread(server, shared.editor, shared.letter.id);
  await postReply(server, shared.commenter, shared.letter.id, opened.id, { body: 'I agree' });
  const [thread] = await getThreads(server, shared.owner, shared.letter.id);
  expect(thread?.comments).toHaveLength(2);
  return { ...shared, thread: thread as CommentThread }; // asserted just above
}

describe('reading and commenting', () => {
  it('every member reads; owners, editors and commenters open threads and reply; viewers 403', async () => {
    const server = await resources.startServer();
    const shared = await createSharedLetter(server);
    const { letter } = shared;
    const opened: CommentThread[] = [];
    for (const who of ['owner', 'editor', 'commenter'] as const) {
      const person = shared[who];
      const body = threadBody();
      const thread = await postThread(server, person, letter.id, body);
      expect(thread, who).toEqual({
        id: expect.any(String),
        anchor: body.anchor,
        quote: body.quote,
        author: { userId: person.user.id, name: person.user.name, profession: person.user.profession },
        createdAt: expect.any(String),
        resolved: false,
        resolvedBy: null,
        resolvedAt: null,
        comments: [{ id: expect.any(String), author: thread.author, body: body.body, mentions: [], createdAt: thread.createdAt, editedAt: null }],
      });
      const reply = await postReply(server, shared.owner, letter.id, thread.id, { body: `reply to the ${who}` });
      expect(reply).toEqual({ id: expect.any(String), author: { userId: shared.owner.user.id, name: shared.owner.user.name, profession: shared.owner.user.profession }, body: `reply to the ${who}`, mentions: [], createdAt: expect.any(String), editedAt: null });
      opened.push({ ...thread, comments: [...thread.comments, reply] });
    }
    for (const who of ['owner', 'editor', 'commenter', 'viewer'] as const) {
      expect(await getThreads(server, shared[who], letter.id), `${who} reads, oldest first`).toEqual(opened);
    }

    const [first] = opened;
    for (const route of everyRoute(server, letter.id, first?.id ?? '', first?.comments[0]?.id ?? '').filter((candidate) => candidate.mutates)) {
      expect((await expectApiError(await route.send(shared.viewer), 403)).code, `viewer: ${route.what}`).toBe('forbidden');
    }
    expect(await getThreads(server, shared.owner, letter.id)).toEqual(opened);
  });

  it('non-members get 404 and requests without a session 401 on every route, changing nothing', async () => {
    const server = await resources.startServer();
    const { letter, owner, outsider, thread } = await letterWithThread(server);
    const routes = everyRoute(server, letter.id, thread.id, firstComment(thread).id);
    for (const route of routes) {
      expect((await expectApiError(await route.send(outsider), 404)).code, `outsider: ${route.what}`).toBe('not_found');
      expect((await expectApiError(await route.send(null), 401)).code, `no session: ${route.what}`).toBe('unauthenticated');
    }
    // A letter id that does not exist, or is no id at all, reads the same as one the caller is not on.
    for (const letterId of [randomUUID(), 'not-a-letter']) {
      for (const route of everyRoute(server, letterId, thread.id, firstComment(thread).id)) {
        expect((await expectApiError(await route.send(owner), 404)).code, `${letterId}: ${route.what}`).toBe('not_found');
      }
    }
    expect(await getThreads(server, owner, letter.id)).toEqual([thread]);
  });
});

describe('editing and deleting comments', () => {
  it('only the author rewrites or deletes a comment: everyone else 403, owners too', async () => {
    const server = await resources.startServer();
    const shared = await letterWithThread(server);
    const { letter, thread } = shared;
    const [opening, reply] = thread.comments;
    const path = (commentId: string) => ({ letterId: letter.id, threadId: thread.id, commentId });
    for (const who of ['owner', 'commenter', 'viewer'] as const) {
      for (const method of ['PATCH', 'DELETE'] as const) {
        const response = await commentRequest(server, shared[who], path(opening?.id ?? ''), method, method === 'PATCH' ? { body: 'not mine' } : undefined);
        expect((await expectApiError(response, 403)).code, `${who} ${method} the editor's comment`).toBe('forbidden');
      }
    }
    for (const who of ['owner', 'editor'] as const) {
      const response = await commentRequest(server, shared[who], path(reply?.id ?? ''), 'PATCH', { body: 'not mine either' });
      expect(response.status, `${who} edits the commenter's reply`).toBe(403);
    }
    expect(await getThreads(server, shared.owner, letter.id)).toEqual([thread]);

    // The author rewrites: the text changes and editedAt is set; the thread keeps its other comment.
    const before = Date.now();
    const { comment: edited } = await expectJson<{ comment: CommentThread['comments'][number] }>(
      commentRequest(server, shared.editor, path(opening?.id ?? ''), 'PATCH', { body: '  Reworded by its author  ' }),
      200,
    );
    expect(edited).toEqual({ ...opening, body: 'Reworded by its author', editedAt: expect.any(String) });
    expect(Date.parse(edited.editedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect((await getThreads(server, shared.viewer, letter.id))[0]?.comments).toEqual([edited, reply]);
  });

  it('deleting a reply removes it; deleting the first comment removes the thread only if no one else replied (409 otherwise)', async () => {
    const server = await resources.startServer();
    const shared = await letterWithThread(server);
    const { letter, thread, editor, commenter, owner } = shared;
    const [opening, reply] = thread.comments;
    const path = (threadId: string, commentId: string) => ({ letterId: letter.id, threadId, commentId });

    // Others replied: the opening comment (and so the thread) stays; resolving is the way out.
    const refused = await expectApiError(await commentRequest(server, editor, path(thread.id, opening?.id ?? ''), 'DELETE'), 409);
    expect(refused.code).toBe('thread_has_replies');
    expect(refused.message).toMatch(/resolve/i);
    expect(await getThreads(server, owner, letter.id)).toEqual([thread]);

    // The commenter deletes their reply; then the editor's own thread can go, with the editor's own replies.
    expect((await commentRequest(server, commenter, path(thread.id, reply?.id ?? ''), 'DELETE')).status).toBe(204);
    const ownReply = await postReply(server, editor, letter.id, thread.id, { body: 'a note to self' });
    expect((await getThreads(server, owner, letter.id))[0]?.comments).toEqual([opening, ownReply]);
    await expectApiError(await commentRequest(server, commenter, path(thread.id, reply?.id ?? ''), 'DELETE'), 404);
    expect((await commentRequest(server, editor, path(thread.id, opening?.id ?? ''), 'DELETE')).status).toBe(204);
    expect(await getThreads(server, owner, letter.id)).toEqual([]);
    await expectApiError(await commentRequest(server, editor, path(thread.id, ownReply.id), 'PATCH', { body: 'gone' }), 404);
    await expectApiError(await postReplyRequest(server, editor, letter.id, thread.id, { body: 'gone' }), 404);
  });
});

describe('resolving', () => {
  it("the thread's author, owners and editors resolve and reopen; a commenter only their own thread; viewers 403", async () => {
    const server = await resources.startServer();
    const shared = await createSharedLetter(server);
    const { letter, owner, editor, commenter, viewer } = shared;
    const byOwner = await postThread(server, owner, letter.id);
    const byCommenter = await postThread(server, commenter, letter.id);

    /** Resolves or reopens as `person`, asserting 200 and who the thread now says resolved it. */
    const resolve = async (person: TestUser, thread: CommentThread, resolved: boolean): Promise<CommentThread> => {
      const { thread: changed } = await expectJson<{ thread: CommentThread }>(resolveRequest(server, person, letter.id, thread.id, { resolved }), 200);
      expect(changed).toEqual({
        ...thread,
        resolved,
        resolvedBy: resolved ? { userId: person.user.id, name: person.user.name } : null,
        resolvedAt: resolved ? expect.any(String) : null,
      });
      return changed;
    };
    /** The error code of a refused resolve or reopen (asserting 403). */
    const refused = async (person: TestUser, thread: CommentThread, resolved: boolean): Promise<string> =>
      (await expectApiError(await resolveRequest(server, person, letter.id, thread.id, { resolved }), 403)).code;

    expect(await refused(commenter, byOwner, true)).toBe('forbidden');
    expect(await refused(viewer, byOwner, true)).toBe('forbidden');
    expect(await refused(viewer, byCommenter, true)).toBe('forbidden');
    await resolve(commenter, byCommenter, true);
    await resolve(commenter, byCommenter, false);
    for (const person of [owner, editor]) {
      await resolve(person, byCommenter, true);
      await resolve(person, byCommenter, false);
      await resolve(person, byOwner, true);
      await resolve(person, byOwner, false);
    }
    // Resolving a resolved thread changes nothing (it stays resolved by whoever did it first).
    const resolved = await resolve(editor, byOwner, true);
    const again = await expectJson<{ thread: CommentThread }>(resolveRequest(server, owner, letter.id, byOwner.id, { resolved: true }), 200);
    expect(again.thread).toEqual(resolved);
    // A resolved thread still takes replies, and a commenter still cannot reopen someone else's.
    await postReply(server, commenter, letter.id, byOwner.id, { body: 'one more thing' });
    expect(await refused(commenter, byOwner, false)).toBe('forbidden');
    const threads = await getThreads(server, viewer, letter.id);
    expect(threads.map((thread) => [thread.id, thread.resolved])).toEqual([[byOwner.id, true], [byCommenter.id, false]]);
  });
});

describe('a sent letter', () => {
  it('refuses every comment change with 409 letter_sent, and still lists its threads', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, thread } = await letterWithThread(server);
    await moveToStatus(server, owner, letter.id, 'sent');
    for (const route of everyRoute(server, letter.id, thread.id, firstComment(thread).id).filter((candidate) => candidate.mutates)) {
      expect((await expectApiError(await route.send(editor), 409)).code, route.what).toBe('letter_sent');
    }
    expect(await getThreads(server, owner, letter.id)).toEqual([thread]);
  });
});

describe('ids of another letter', () => {
  it('a thread or comment id that is not on this letter is 404 on every route, and nothing changes there', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, thread } = await letterWithThread(server);
    const other = await createLetter(server, editor);
    const foreign = await postThread(server, editor, other.id);
    const unrelated = await postThread(server, editor, letter.id);
    // `threadRoutes`: also the routes that name only the thread (reply, resolve), where the thread is the wrong one.
    const cases = [
      { threadId: foreign.id, commentId: firstComment(foreign).id, why: "another letter's thread", threadRoutes: true },
      { threadId: thread.id, commentId: firstComment(foreign).id, why: "another letter's comment", threadRoutes: false },
      { threadId: unrelated.id, commentId: firstComment(thread).id, why: "another thread's comment", threadRoutes: false },
      { threadId: randomUUID(), commentId: randomUUID(), why: 'unknown ids', threadRoutes: true },
      { threadId: 'nope', commentId: 'nope', why: 'not ids', threadRoutes: true },
    ];
    const commentRoutes = new Set(['edit comment', 'delete comment']);
    for (const { threadId, commentId, why, threadRoutes } of cases) {
      const routes = everyRoute(server, letter.id, threadId, commentId).filter((candidate) => candidate.mutates && candidate.what !== 'open thread');
      for (const route of routes.filter((candidate) => threadRoutes || commentRoutes.has(candidate.what))) {
        // The editor wrote every comment involved, so only the ids can make these fail.
        expect((await expectApiError(await route.send(editor), 404)).code, `${why}: ${route.what}`).toBe('not_found');
      }
    }
    expect(await getThreads(server, editor, other.id)).toEqual([foreign]);
    expect((await getThreads(server, owner, letter.id)).map((candidate) => candidate.comments.length)).toEqual([2, 1]);
  });
});
