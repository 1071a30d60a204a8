/**
 * What the comment routes accept: bodies are checked at the edge (400, changing nothing), anchors
 * must decode to real Y.RelativePositions (400 invalid_anchor), and comment text is kept and
 * returned verbatim as JSON text, never interpreted, and never written to the audit log.
 */
import { randomUUID } from 'node:crypto';
import { toBase64 } from 'lib0/buffer';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Comment, CommentThread } from '../../../shared/comments';
import { CommentLimits } from '../../../shared/comments';
import { createUser } from '../../helpers/accounts';
import { letterAudit } from '../../helpers/audit';
import { commentRequest, firstComment, getThreads, postReply, postReplyRequest, postThread, postThreadRequest, resolveRequest, sampleAnchor, threadBody } from '../../helpers/comments';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { readAuditRows } from '../../helpers/workspace';

const resources = useTestResources();

/** Base64 of bytes. */
function b64(bytes: readonly number[] | Uint8Array): string {
  return toBase64(Uint8Array.from(bytes));
}

/** A valid encoded position, as bytes. */
function positionBytes(): Uint8Array {
  const doc = new Y.Doc();
  const text = new Y.XmlText('some words');
  doc.getXmlFragment('default').insert(0, [text]);
  return Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, 3));
}

async function ownedLetterWithThread() {
  const server = await resources.startServer();
  const owner = await createUser(server);
  const letter = await createLetter(server, owner);
  const thread = await postThread(server, owner, letter.id);
  return { server, owner, letter, thread };
}

describe('bad input', () => {
  it('a thread whose anchor does not decode to relative positions is 400 invalid_anchor', async () => {
    const { server, owner, letter, thread } = await ownedLetterWithThread();
    const valid = positionBytes();
    // A position at the end of the body: ten bytes, so its base64 ends in padding.
    const atEnd = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(new Y.Doc().getXmlFragment('default'), 0));
    expect(b64(atEnd)).toMatch(/==$/);
    const undecodable = {
      'trailing junk': b64([...valid, 1, 2, 3]),
      'an unknown kind of position': b64([5]),
      'a truncated position': b64([0]),
      'a truncated id': b64([0, 0x80]),
      'text, not a position': toBase64(new TextEncoder().encode('hello there')),
      'base64 without its padding': b64(atEnd).replace(/=+$/, ''),
    };
    for (const [why, part] of Object.entries(undecodable)) {
      for (const anchor of [{ start: part, end: b64(valid) }, { start: b64(atEnd), end: part }]) {
        const response = await postThreadRequest(server, owner, letter.id, threadBody({ anchor }));
        expect((await expectApiError(response, 400)).code, why).toBe('invalid_anchor');
      }
    }
    expect(await getThreads(server, owner, letter.id)).toEqual([thread]);
    // The same positions, well formed, are accepted and come back as sent.
    const accepted = await postThread(server, owner, letter.id, threadBody({ anchor: { start: b64(valid), end: b64(atEnd) } }));
    expect(accepted.anchor).toEqual({ start: b64(valid), end: b64(atEnd) });
  });

  it('empty, too long, malformed or unknown fields are 400 on every route, changing nothing', async () => {
    const { server, owner, letter, thread } = await ownedLetterWithThread();
    const longBody = 'x'.repeat(CommentLimits.maxBodyLength + 1);
    const threadBodies: unknown[] = [
      {},
      { ...threadBody(), body: '' },
      { ...threadBody(), body: '   \n ' },
      { ...threadBody(), body: longBody },
      { ...threadBody(), body: 42 },
      { ...threadBody(), quote: '' },
      { ...threadBody(), quote: 'q'.repeat(CommentLimits.maxQuoteLength + 1) },
      { quote: 'words', body: 'no anchor' },
      { ...threadBody(), anchor: { start: sampleAnchor().start } },
      { ...threadBody(), anchor: { ...sampleAnchor(), middle: 'AAAA' } },
      { ...threadBody(), anchor: { start: '!!not base64!!', end: sampleAnchor().end } },
      { ...threadBody(), anchor: { start: '', end: sampleAnchor().end } },
      { ...threadBody(), anchor: { start: 'A'.repeat(CommentLimits.maxAnchorPartLength + 4), end: sampleAnchor().end } },
      { ...threadBody(), mentions: ['not-a-user-id'] },
      { ...threadBody(), mentions: Array.from({ length: CommentLimits.maxMentions + 1 }, () => randomUUID()) },
      { ...threadBody(), resolved: true },
      { ...threadBody(), authorId: randomUUID() },
      'not json at all',
    ];
    for (const body of threadBodies) {
      expect((await expectApiError(await postThreadRequest(server, owner, letter.id, body), 400)).code, JSON.stringify(body).slice(0, 120)).toBe('bad_request');
    }
    const commentBodies: unknown[] = [{}, { body: '' }, { body: '  ' }, { body: longBody }, { body: 'fine', extra: 1 }, { body: 'fine', mentions: 'everyone' }, 'nope'];
    const path = { letterId: letter.id, threadId: thread.id, commentId: firstComment(thread).id };
    for (const body of commentBodies) {
      const what = JSON.stringify(body);
      expect((await expectApiError(await postReplyRequest(server, owner, letter.id, thread.id, body), 400)).code, `reply ${what}`).toBe('bad_request');
      expect((await expectApiError(await commentRequest(server, owner, path, 'PATCH', body), 400)).code, `edit ${what}`).toBe('bad_request');
    }
    for (const body of [{}, { resolved: 'yes' }, { resolved: 1 }, { resolved: true, quote: 'x' }, null]) {
      expect((await expectApiError(await resolveRequest(server, owner, letter.id, thread.id, body), 400)).code, `resolve ${JSON.stringify(body)}`).toBe('bad_request');
    }
    expect(await getThreads(server, owner, letter.id)).toEqual([thread]);
    // The limits themselves are allowed.
    const longest = await postReply(server, owner, letter.id, thread.id, { body: 'y'.repeat(CommentLimits.maxBodyLength) });
    expect(longest.body).toHaveLength(CommentLimits.maxBodyLength);
  });
});

describe('comment text', () => {
  it('is stored and returned verbatim as JSON text (markup too), trimmed only at the ends', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const markup = '<img src=x onerror=alert(1)>';
    const quote = '<script>alert("quote")</script> & "friends"';
    const response = await postThreadRequest(server, owner, letter.id, threadBody({ body: markup, quote }));
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const { thread } = await expectJson<{ thread: CommentThread }>(response, 201);
    expect(thread.quote).toBe(quote);
    expect(firstComment(thread).body).toBe(markup);

    const multiline = '  Line one\n\n  indented — ünïcödé 😀 {{name}} %s \\u0000 ${x}  ';
    const reply = await requestJson(server, `/api/letters/${letter.id}/threads/${thread.id}/comments`, { method: 'POST', session: owner, body: { body: multiline } });
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await expectJson<{ comment: Comment }>(reply, 201)).comment.body).toBe(multiline.trim());

    const list = await requestJson(server, `/api/letters/${letter.id}/threads`, { session: owner });
    expect(list.headers.get('content-type')).toMatch(/^application\/json/);
    const raw = await list.text();
    // JSON escapes nothing of the markup into something else: it is a plain string value.
    const { threads } = JSON.parse(raw) as { threads: CommentThread[] };
    expect(threads[0]?.comments.map((comment) => comment.body)).toEqual([markup, multiline.trim()]);
    expect(threads[0]?.quote).toBe(quote);
  });

  it('never reaches the audit log, which records each change by ids only', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const secret = `Private detail ${randomUUID()}`;
    const quote = `quoted words ${randomUUID()}`;
    const thread = await postThread(server, owner, letter.id, threadBody({ body: secret, quote }));
    const reply = await postReply(server, owner, letter.id, thread.id, { body: `${secret} in a reply` });
    const path = { letterId: letter.id, threadId: thread.id, commentId: reply.id };
    await expectJson(commentRequest(server, owner, path, 'PATCH', { body: `${secret} edited` }), 200);
    await expectJson(resolveRequest(server, owner, letter.id, thread.id, { resolved: true }), 200);
    await expectJson(resolveRequest(server, owner, letter.id, thread.id, { resolved: false }), 200);
    expect((await commentRequest(server, owner, path, 'DELETE')).status).toBe(204);

    const entries = await letterAudit(server, owner, letter.id);
    const actions = entries.map((entry) => entry.action).filter((action) => action.startsWith('comment.') || action.startsWith('thread.'));
    expect(actions.reverse()).toEqual(['comment.created', 'comment.created', 'comment.edited', 'thread.resolved', 'thread.reopened', 'comment.deleted']);
    for (const entry of entries.filter((candidate) => candidate.action.startsWith('comment.'))) {
      expect(entry.actorId).toBe(owner.user.id);
      expect(entry.detail.thread).toBe(thread.id);
    }
    const rows = (await readAuditRows(server.database)).join('\n');
    expect(rows).not.toContain('Private detail');
    expect(rows).not.toContain(quote);
  });
});
