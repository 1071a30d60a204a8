/**
 * Comment threads beside the text: DTOs and the zod schemas that validate them at the edge. A
 * thread is anchored to a range of the body by two Y.RelativePositions (base64 of
 * `Y.encodeRelativePosition`), so it follows the words through concurrent edits and commenting
 * never writes to the body.
 */
import { z } from 'zod';
import type { Profession } from './auth';

/** Limits on comments. */
export const CommentLimits = {
  maxBodyLength: 4000,
  maxQuoteLength: 1000,
  /** An encoded relative position is a few dozen bytes; this leaves room and refuses junk. */
  maxAnchorPartLength: 512,
  maxMentions: 20,
} as const;

/** Someone who wrote a comment, as the margin shows them. */
export interface CommentAuthor {
  userId: string;
  name: string;
  profession: Profession;
}

/** The anchor: base64 of two encoded `Y.RelativePosition`s, start and end of the range. */
export interface CommentAnchor {
  start: string;
  end: string;
}

/** One comment in a thread. */
export interface Comment {
  id: string;
  author: CommentAuthor;
  body: string;
  /** Members mentioned with `@` (user ids). */
  mentions: string[];
  createdAt: string;
  /** When the author last changed it, or null. */
  editedAt: string | null;
}

/** A thread: its anchor, the words it was about, and its comments, oldest first. */
export interface CommentThread {
  id: string;
  anchor: CommentAnchor;
  /** The text the anchor covered when the thread was opened (shown when it is detached). */
  quote: string;
  author: CommentAuthor;
  createdAt: string;
  resolved: boolean;
  resolvedBy: { userId: string; name: string } | null;
  resolvedAt: string | null;
  comments: Comment[];
}

const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

const AnchorPartSchema = z
  .string({ message: 'anchor positions must be strings' })
  .min(1, { message: 'anchor positions must not be empty' })
  .max(CommentLimits.maxAnchorPartLength, { message: 'anchor position is too long' })
  .regex(base64, { message: 'anchor positions must be base64' });

/** The anchor as a client sends it; the server also checks that each part decodes. */
export const CommentAnchorSchema = z.strictObject({ start: AnchorPartSchema, end: AnchorPartSchema });

/** A comment's text: trimmed, not empty, bounded. */
export const CommentBodySchema = z
  .string({ message: 'body is required' })
  .trim()
  .min(1, { message: 'a comment must not be empty' })
  .max(CommentLimits.maxBodyLength, { message: `a comment must be at most ${CommentLimits.maxBodyLength} characters` });

/** User ids mentioned with `@`; ids that are not members of the letter are ignored. */
export const MentionsSchema = z
  .array(z.uuid({ message: 'mentions must be user ids' }))
  .max(CommentLimits.maxMentions, { message: `at most ${CommentLimits.maxMentions} mentions` })
  .default([]);

/** `POST /api/letters/:id/threads` body. */
export const ThreadCreateSchema = z.strictObject({
  anchor: CommentAnchorSchema,
  quote: z
    .string({ message: 'quote is required' })
    .trim()
    .min(1, { message: 'select some text to comment on' })
    .max(CommentLimits.maxQuoteLength, { message: `the quoted text must be at most ${CommentLimits.maxQuoteLength} characters` }),
  body: CommentBodySchema,
  mentions: MentionsSchema,
});

/** A validated thread creation. */
export type ThreadCreate = z.infer<typeof ThreadCreateSchema>;

/** `POST /api/letters/:id/threads/:threadId/comments` body: a reply. */
export const CommentCreateSchema = z.strictObject({ body: CommentBodySchema, mentions: MentionsSchema });

/** `PATCH /api/letters/:id/threads/:threadId/comments/:commentId` body: the author rewrites it. */
export const CommentUpdateSchema = z.strictObject({ body: CommentBodySchema, mentions: MentionsSchema });

/** `PATCH /api/letters/:id/threads/:threadId` body: resolve or reopen. */
export const ThreadUpdateSchema = z.strictObject({ resolved: z.boolean({ message: 'resolved must be true or false' }) });

/** Which threads the margin lists. */
export const THREAD_FILTERS = ['open', 'resolved', 'all'] as const;

/** One of THREAD_FILTERS. */
export type ThreadFilter = (typeof THREAD_FILTERS)[number];
