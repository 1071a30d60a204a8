/** Comment threads beside the text: list, open, reply, edit, delete, resolve and reopen. */
import { z } from 'zod';
import { PROFESSIONS } from '../../../shared/auth';
import type { Comment, CommentAnchor, CommentAuthor, CommentThread } from '../../../shared/comments';
import { pick, request } from './http';

const lettersPath = (letterId: string) => `/api/letters/${encodeURIComponent(letterId)}`;
const threadsPath = (letterId: string) => `${lettersPath(letterId)}/threads`;
const threadPath = (letterId: string, threadId: string) => `${threadsPath(letterId)}/${encodeURIComponent(threadId)}`;
const commentPath = (letterId: string, threadId: string, commentId: string) =>
  `${threadPath(letterId, threadId)}/comments/${encodeURIComponent(commentId)}`;

const AuthorSchema: z.ZodType<CommentAuthor> = z.object({ userId: z.string(), name: z.string(), profession: z.enum(PROFESSIONS) });

/** A comment as the API returns it. */
export const CommentSchema: z.ZodType<Comment> = z.object({
  id: z.string(),
  author: AuthorSchema,
  body: z.string(),
  mentions: z.array(z.string()),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
});

/** A thread as the API returns it. */
export const CommentThreadSchema: z.ZodType<CommentThread> = z.object({
  id: z.string(),
  anchor: z.object({ start: z.string(), end: z.string() }),
  quote: z.string(),
  author: AuthorSchema,
  createdAt: z.string(),
  resolved: z.boolean(),
  resolvedBy: z.object({ userId: z.string(), name: z.string() }).nullable(),
  resolvedAt: z.string().nullable(),
  comments: z.array(CommentSchema),
});

/** A comment's text and the members it mentions (user ids). */
export interface CommentDraft {
  body: string;
  mentions: string[];
}

/** `GET /api/letters/:id/threads`: every thread, oldest first. */
export async function listThreads(letterId: string, signal?: AbortSignal): Promise<CommentThread[]> {
  return pick(await request(threadsPath(letterId), { signal }), 'threads', z.array(CommentThreadSchema));
}

/** `POST /api/letters/:id/threads`: a new thread on the words the anchor covers. */
export async function createThread(letterId: string, thread: CommentDraft & { anchor: CommentAnchor; quote: string }): Promise<CommentThread> {
  return pick(await request(threadsPath(letterId), { method: 'POST', json: thread }), 'thread', CommentThreadSchema);
}

/** `POST /api/letters/:id/threads/:threadId/comments`: a reply. */
export async function addReply(letterId: string, threadId: string, reply: CommentDraft): Promise<Comment> {
  return pick(await request(`${threadPath(letterId, threadId)}/comments`, { method: 'POST', json: reply }), 'comment', CommentSchema);
}

/** `PATCH .../comments/:commentId`: the author rewrites their comment. */
export async function updateComment(letterId: string, threadId: string, commentId: string, changes: CommentDraft): Promise<Comment> {
  return pick(await request(commentPath(letterId, threadId, commentId), { method: 'PATCH', json: changes }), 'comment', CommentSchema);
}

/** `DELETE .../comments/:commentId`: a reply goes; the first comment takes its thread along (409 if others replied). */
export async function deleteComment(letterId: string, threadId: string, commentId: string): Promise<void> {
  await request(commentPath(letterId, threadId, commentId), { method: 'DELETE' });
}

/** `PATCH /api/letters/:id/threads/:threadId`: resolve or reopen. */
export async function setThreadResolved(letterId: string, threadId: string, resolved: boolean): Promise<CommentThread> {
  return pick(await request(threadPath(letterId, threadId), { method: 'PATCH', json: { resolved } }), 'thread', CommentThreadSchema);
}
