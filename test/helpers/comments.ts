/**
 * Comment threads and the inbox over the real API, and comment anchors the way the editor makes
 * them: two `Y.RelativePosition`s in a Y.XmlText of the body, base64 on the wire.
 */
import { randomUUID } from 'node:crypto';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { expect } from 'vitest';
import * as Y from 'yjs';
import type { Comment, CommentAnchor, CommentThread } from '../../shared/comments';
import type { InboxItem } from '../../shared/inbox';
import type { HttpTarget, Session } from './http';
import { expectJson, requestJson } from './http';
import { bodyOf } from './ydoc';

/** The plain text of a Y.XmlText, without formatting. */
export function plainText(text: Y.XmlText): string {
  return text
    .toDelta()
    .map((op: { insert?: unknown }) => (typeof op.insert === 'string' ? op.insert : ''))
    .join('');
}

/** The first Y.XmlText in the body (depth first) whose text contains `words`, or undefined. */
export function findXmlText(doc: Y.Doc, words: string): Y.XmlText | undefined {
  const visit = (node: Y.XmlElement | Y.XmlText | Y.XmlHook | Y.XmlFragment): Y.XmlText | undefined => {
    if (node instanceof Y.XmlText) return plainText(node).includes(words) ? node : undefined;
    if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
      for (const child of node.toArray()) {
        const found = visit(child);
        if (found) return found;
      }
    }
    return undefined;
  };
  return visit(bodyOf(doc));
}

/** Like findXmlText, failing the test when there is none. */
export function requireXmlText(doc: Y.Doc, words: string): Y.XmlText {
  const text = findXmlText(doc, words);
  expect(text, `a Y.XmlText containing "${words}"`).toBeDefined();
  return text as Y.XmlText; // asserted defined just above
}

/**
 * An anchor over `words` inside `text`, as the editor makes one: the start sticks to the first
 * character, the end (assoc -1) to the last, so text typed at either edge stays outside.
 */
export function anchorOver(text: Y.XmlText, words: string): CommentAnchor {
  const from = plainText(text).indexOf(words);
  expect(from, `"${words}" in "${plainText(text)}"`).toBeGreaterThanOrEqual(0);
  const start = Y.createRelativePositionFromTypeIndex(text, from);
  const end = Y.createRelativePositionFromTypeIndex(text, from + words.length, -1);
  return { start: toBase64(Y.encodeRelativePosition(start)), end: toBase64(Y.encodeRelativePosition(end)) };
}

/** A well-formed anchor into a throwaway document, for tests where the place does not matter. */
export function sampleAnchor(): CommentAnchor {
  const doc = new Y.Doc();
  const text = new Y.XmlText(`sample words ${randomUUID()}`);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [text]);
  bodyOf(doc).insert(0, [paragraph]);
  const anchor = anchorOver(text, 'sample words');
  doc.destroy();
  return anchor;
}

/** Where an anchor lands in `doc` now: the text it covers, and whether it collapsed (its words are gone). */
export interface ResolvedAnchor {
  start: number;
  end: number;
  /** The covered text of the anchored Y.XmlText; empty when collapsed. */
  covered: string;
  collapsed: boolean;
}

/** Resolves an anchor against a document, as the client does to draw it; null if it cannot be placed at all. */
export function resolveAnchor(doc: Y.Doc, anchor: CommentAnchor): ResolvedAnchor | null {
  const start = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromBase64(anchor.start)), doc);
  const end = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromBase64(anchor.end)), doc);
  if (!start || !end || start.type !== end.type || !(start.type instanceof Y.XmlText)) return null;
  const collapsed = start.index >= end.index;
  return { start: start.index, end: end.index, covered: collapsed ? '' : plainText(start.type).slice(start.index, end.index), collapsed };
}

/** A thread creation body with fresh text unless overridden. */
export function threadBody(overrides: Partial<{ anchor: CommentAnchor; quote: string; body: string; mentions: string[] }> = {}) {
  return {
    anchor: overrides.anchor ?? sampleAnchor(),
    quote: overrides.quote ?? 'sample words',
    body: overrides.body ?? `Please check this ${randomUUID().slice(0, 8)}`,
    ...(overrides.mentions ? { mentions: overrides.mentions } : {}),
  };
}

/** `GET /api/letters/:id/threads` as `session` (asserting 200). */
export async function getThreads(server: HttpTarget, session: Session, letterId: string): Promise<CommentThread[]> {
  return (await expectJson<{ threads: CommentThread[] }>(requestJson(server, `/api/letters/${letterId}/threads`, { session }), 200)).threads;
}

/** `POST /api/letters/:id/threads`, returning the raw response. */
export function postThreadRequest(server: HttpTarget, session: Session | null, letterId: string, body: unknown): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}/threads`, { method: 'POST', session, body });
}

/** Opens a thread as `session` (asserting 201); fresh text unless given. */
export async function postThread(server: HttpTarget, session: Session, letterId: string, body: unknown = threadBody()): Promise<CommentThread> {
  return (await expectJson<{ thread: CommentThread }>(postThreadRequest(server, session, letterId, body), 201)).thread;
}

/** `POST /api/letters/:id/threads/:threadId/comments`, returning the raw response. */
export function postReplyRequest(server: HttpTarget, session: Session | null, letterId: string, threadId: string, body: unknown): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}/threads/${threadId}/comments`, { method: 'POST', session, body });
}

/** Replies as `session` (asserting 201). */
export async function postReply(server: HttpTarget, session: Session, letterId: string, threadId: string, body: unknown): Promise<Comment> {
  return (await expectJson<{ comment: Comment }>(postReplyRequest(server, session, letterId, threadId, body), 201)).comment;
}

/** `PATCH` or `DELETE /api/letters/:id/threads/:threadId/comments/:commentId`, returning the raw response. */
export function commentRequest(server: HttpTarget, session: Session | null, path: { letterId: string; threadId: string; commentId: string }, method: 'PATCH' | 'DELETE', body?: unknown): Promise<Response> {
  return requestJson(server, `/api/letters/${path.letterId}/threads/${path.threadId}/comments/${path.commentId}`, { method, session, body });
}

/** `PATCH /api/letters/:id/threads/:threadId {resolved}`, returning the raw response. */
export function resolveRequest(server: HttpTarget, session: Session | null, letterId: string, threadId: string, body: unknown): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}/threads/${threadId}`, { method: 'PATCH', session, body });
}

/** The first comment of a thread, failing the test if it has none. */
export function firstComment(thread: CommentThread): Comment {
  const comment = thread.comments[0];
  expect(comment, `thread ${thread.id} has a first comment`).toBeDefined();
  return comment as Comment; // asserted defined just above
}

/** `GET /api/inbox` as `session` (asserting 200). */
export async function getInbox(server: HttpTarget, session: Session): Promise<{ items: InboxItem[]; unread: number }> {
  return expectJson<{ items: InboxItem[]; unread: number }>(requestJson(server, '/api/inbox', { session }), 200);
}
