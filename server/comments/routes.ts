/**
 * `/api/letters/:id/threads`: comment threads beside the text. Members who may comment open
 * threads on a range of the body and reply; only a comment's author rewrites or deletes it; the
 * thread's author, owners and editors resolve it. Comments live here, never in the body's Y.Doc,
 * so commenting cannot change the letter. Every change is audited (never the text) and reaches
 * open clients as letterEvent 'comments'; mentioned members and thread authors get inbox items.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Comment, CommentThread } from '../../shared/comments';
import { CommentCreateSchema, CommentUpdateSchema, ThreadCreateSchema, ThreadUpdateSchema } from '../../shared/comments';
import { can } from '../../shared/roles';
import { recordAudit } from '../audit/store';
import type { ConnectionRegistry } from '../collab/connections';
import type { Database } from '../db/schema';
import { idParam } from '../http/params';
import type { AppEnv } from '../http/context';
import { clientAddress } from '../http/context';
import { ApiException, notFound } from '../http/errors';
import { validate } from '../http/validate';
import { addInboxItems, removeCommentItems, rewordCommentItems } from '../inbox/store';
import { forbidden, requireLetterAccess, requireNotFrozen } from '../letters/access';
import { decodeAnchor } from './anchor';
import { commentInboxItems, memberMentions } from './mentions';
import { deleteComment, deleteThread, findThread, insertComment, insertThread, listThreads, setResolved, updateComment } from './store';

/** What the comment routes need. */
export interface CommentRouteDeps {
  db: Kysely<Database>;
  connections: ConnectionRegistry;
}

/** Builds the comment routes, mounted at /api/letters. */
export function createCommentRoutes({ db, connections }: CommentRouteDeps) {
  /** The thread `threadId` of this letter, or 404 (also for another letter's thread). */
  const requireThread = async (letterId: string, threadId: string): Promise<CommentThread> => {
    const thread = await findThread(db, letterId, threadId);
    if (!thread) throw notFound('No such comment thread.');
    return thread;
  };

  /** The comment `commentId` of a thread, or 404. */
  const requireComment = (thread: CommentThread, commentId: string): Comment => {
    const comment = thread.comments.find((candidate) => candidate.id === commentId);
    if (!comment) throw notFound('No such comment.');
    return comment;
  };

  /** Only a comment's author may change it, whatever their role. */
  const requireAuthor = (comment: Comment, userId: string): void => {
    if (comment.author.userId !== userId) throw forbidden('Only its author can change a comment.');
  };

  /** Tells the letter's clients that its comments changed, and each notified user that their inbox did. */
  const announce = (letterId: string, notified: readonly string[] = []): void => {
    connections.notify(letterId, 'comments');
    for (const userId of notified) connections.notifyUser(userId, 'inbox');
  };

  const auditBase = (c: Context<AppEnv>, letterId: string, actorId: string) => ({ actorId, letterId, ip: clientAddress(c) });

  return new Hono<AppEnv>()
    .get('/:id/threads', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'));
      return c.json({ threads: await listThreads(db, access.letterId) });
    })
    .post('/:id/threads', validate('json', ThreadCreateSchema), async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'comment');
      await requireNotFrozen(db, access.letterId);
      const input = c.req.valid('json');
      const anchor = decodeAnchor(input.anchor);
      if (!anchor) throw new ApiException(400, 'invalid_anchor', 'The comment is not anchored to a valid place in the letter.');
      const actorId = access.auth.user.id;
      const { threadId, notified } = await db.transaction().execute(async (trx) => {
        const mentions = await memberMentions(trx, access.letterId, input.mentions);
        const ids = await insertThread(trx, { letterId: access.letterId, authorId: actorId, anchor, quote: input.quote, body: input.body, mentions });
        await recordAudit(trx, {
          action: 'comment.created',
          ...auditBase(c, access.letterId, actorId),
          detail: { thread: ids.threadId, comment: ids.commentId, reply: false, mentions: mentions.length },
        });
        const items = commentInboxItems({ letterId: access.letterId, threadId: ids.threadId, actorId, body: input.body, newMentions: mentions });
        return { threadId: ids.threadId, notified: await addInboxItems(trx, items) };
      });
      announce(access.letterId, notified);
      return c.json({ thread: await requireThread(access.letterId, threadId) }, 201);
    })
    .patch('/:id/threads/:threadId', validate('json', ThreadUpdateSchema), async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'comment');
      await requireNotFrozen(db, access.letterId);
      const thread = await requireThread(access.letterId, idParam(c, 'threadId', 'No such comment thread.'));
      const actorId = access.auth.user.id;
      // A commenter resolves only their own threads; owners and editors any.
      if (thread.author.userId !== actorId && !can(access.role, 'editBody')) throw forbidden('Only the thread\'s author, owners and editors can resolve it.');
      const { resolved } = c.req.valid('json');
      if (thread.resolved === resolved) return c.json({ thread });
      await db.transaction().execute(async (trx) => {
        await setResolved(trx, thread.id, resolved ? actorId : null);
        await recordAudit(trx, { action: resolved ? 'thread.resolved' : 'thread.reopened', ...auditBase(c, access.letterId, actorId), detail: { thread: thread.id } });
      });
      announce(access.letterId);
      return c.json({ thread: await requireThread(access.letterId, thread.id) });
    })
    .post('/:id/threads/:threadId/comments', validate('json', CommentCreateSchema), async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'comment');
      await requireNotFrozen(db, access.letterId);
      const thread = await requireThread(access.letterId, idParam(c, 'threadId', 'No such comment thread.'));
      const input = c.req.valid('json');
      const actorId = access.auth.user.id;
      const { commentId, notified } = await db.transaction().execute(async (trx) => {
        const mentions = await memberMentions(trx, access.letterId, input.mentions);
        const id = await insertComment(trx, thread.id, { authorId: actorId, body: input.body, mentions });
        await recordAudit(trx, {
          action: 'comment.created',
          ...auditBase(c, access.letterId, actorId),
          detail: { thread: thread.id, comment: id, reply: true, mentions: mentions.length },
        });
        const items = commentInboxItems({ letterId: access.letterId, threadId: thread.id, actorId, body: input.body, newMentions: mentions, replyTo: thread.author.userId });
        return { commentId: id, notified: await addInboxItems(trx, items) };
      });
      announce(access.letterId, notified);
      return c.json({ comment: requireComment(await requireThread(access.letterId, thread.id), commentId) }, 201);
    })
    .patch('/:id/threads/:threadId/comments/:commentId', validate('json', CommentUpdateSchema), async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'comment');
      await requireNotFrozen(db, access.letterId);
      const thread = await requireThread(access.letterId, idParam(c, 'threadId', 'No such comment thread.'));
      const comment = requireComment(thread, idParam(c, 'commentId', 'No such comment.'));
      const actorId = access.auth.user.id;
      requireAuthor(comment, actorId);
      const input = c.req.valid('json');
      const notified = await db.transaction().execute(async (trx) => {
        const mentions = await memberMentions(trx, access.letterId, input.mentions);
        await updateComment(trx, comment.id, { body: input.body, mentions });
        await recordAudit(trx, { action: 'comment.edited', ...auditBase(c, access.letterId, actorId), detail: { thread: thread.id, comment: comment.id } });
        const reworded = await rewordCommentItems(trx, { threadId: thread.id, actorId, body: comment.body }, input.body);
        // Only people newly mentioned hear of an edit; removing a mention takes nothing back.
        const newMentions = mentions.filter((id) => !comment.mentions.includes(id));
        const added = await addInboxItems(trx, commentInboxItems({ letterId: access.letterId, threadId: thread.id, actorId, body: input.body, newMentions }));
        return [...new Set([...reworded, ...added])];
      });
      announce(access.letterId, notified);
      return c.json({ comment: requireComment(await requireThread(access.letterId, thread.id), comment.id) });
    })
    .delete('/:id/threads/:threadId/comments/:commentId', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'comment');
      await requireNotFrozen(db, access.letterId);
      const thread = await requireThread(access.letterId, idParam(c, 'threadId', 'No such comment thread.'));
      const comment = requireComment(thread, idParam(c, 'commentId', 'No such comment.'));
      const actorId = access.auth.user.id;
      requireAuthor(comment, actorId);
      // The first comment opens the thread: removing it removes the thread, which may only take
      // the author's own words with it.
      const wholeThread = thread.comments[0]?.id === comment.id;
      if (wholeThread && thread.comments.some((other) => other.author.userId !== actorId)) {
        throw new ApiException(409, 'thread_has_replies', 'Others have replied to this thread. Resolve it instead of deleting it.');
      }
      const removed = wholeThread ? thread.comments : [comment];
      const notified = await db.transaction().execute(async (trx) => {
        // The deleted words leave the inboxes they reached too.
        const changed = new Set<string>();
        for (const gone of removed) {
          for (const userId of await removeCommentItems(trx, { threadId: thread.id, actorId, body: gone.body })) changed.add(userId);
        }
        if (wholeThread) await deleteThread(trx, thread.id);
        else await deleteComment(trx, comment.id);
        await recordAudit(trx, { action: 'comment.deleted', ...auditBase(c, access.letterId, actorId), detail: { thread: thread.id, comment: comment.id, threadDeleted: wholeThread } });
        return [...changed];
      });
      announce(access.letterId, notified);
      return c.body(null, 204);
    });
}
