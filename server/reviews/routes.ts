/**
 * `/api/letters/:id/reviews`: an owner asks a member to review the letter (it moves to "In review"),
 * the reviewer finishes with "Approve" or "Request changes" (the letter moves accordingly, with an
 * automatic version), and owners may withdraw a request still pending. Approving needs the
 * requested reviewer who is not the letter's only author (AUTHOR_ROLES); a plain status change
 * cannot reach the review statuses (REVIEW_STATUSES), so this is the only way into them.
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { LetterStatus } from '../../shared/letters';
import { OUTCOME_STATUS, ReviewFinishSchema, ReviewRequestSchema } from '../../shared/reviews';
import { recordAudit } from '../audit/store';
import type { ConnectionRegistry } from '../collab/connections';
import type { DocStore } from '../collab/docStore';
import type { RoomManager } from '../collab/rooms';
import { storedDocumentState } from '../collab/storedState';
import type { Database } from '../db/schema';
import { idParam } from '../http/params';
import type { AppEnv } from '../http/context';
import { clientAddress } from '../http/context';
import { ApiException, notFound } from '../http/errors';
import { validate } from '../http/validate';
import { addInboxItems } from '../inbox/store';
import { forbidden, requireLetterAccess, requireNotFrozen } from '../letters/access';
import { changeStatus, requireTransition } from '../letters/status';
import { findLetterForUser, findRole, findStatus } from '../letters/store';
import { reviewVersionName } from '../versions/store';
import { closeReview, findReview, hasOtherAuthor, hasPendingReview, insertReview, listReviews, toReviewDto } from './store';

/** What the review routes need. */
export interface ReviewRouteDeps {
  db: Kysely<Database>;
  docStore: DocStore;
  rooms: RoomManager;
  connections: ConnectionRegistry;
}

function reviewFinished(): ApiException {
  return new ApiException(409, 'review_finished', 'This review request is no longer waiting for a review.');
}

/** Builds the review routes, mounted at /api/letters. */
export function createReviewRoutes({ db, docStore, rooms, connections }: ReviewRouteDeps) {
  const notifyInbox = (userIds: readonly string[]): void => {
    for (const userId of userIds) connections.notifyUser(userId, 'inbox');
  };

  return new Hono<AppEnv>()
    .get('/:id/reviews', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'));
      return c.json({ reviews: await listReviews(db, access.letterId) });
    })
    .post('/:id/reviews', validate('json', ReviewRequestSchema), async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'changeStatus');
      const { reviewerId, message } = c.req.valid('json');
      const actor = access.auth.user;
      await requireNotFrozen(db, access.letterId);
      if (reviewerId === actor.id || !(await findRole(db, access.letterId, reviewerId))) {
        throw new ApiException(400, 'invalid_reviewer', 'Ask someone else who is on this letter to review it.');
      }
      const letter = await findLetterForUser(db, access.letterId, actor.id);
      if (!letter) throw notFound('No such letter.');
      const from: LetterStatus = letter.status;
      const moves = from !== 'in_review';
      if (moves) requireTransition(from, 'in_review');
      const state = moves ? await storedDocumentState(docStore, rooms, access.letterId) : null;
      const { reviewId, notified } = await db.transaction().execute(async (trx) => {
        // Checked inside the transaction, so two identical requests racing cannot both land.
        if (await hasPendingReview(trx, access.letterId, reviewerId)) {
          throw new ApiException(409, 'review_pending', 'That person has already been asked to review this letter.');
        }
        const ip = clientAddress(c);
        if (state) await changeStatus(trx, { letterId: access.letterId, from, to: 'in_review', actorId: actor.id, ip, state });
        const id = await insertReview(trx, { letterId: access.letterId, requestedBy: actor.id, reviewerId, message });
        await recordAudit(trx, { action: 'review.requested', actorId: actor.id, letterId: access.letterId, targetUserId: reviewerId, detail: { reviewId: id }, ip });
        const users = await addInboxItems(trx, [
          { userId: reviewerId, letterId: access.letterId, kind: 'review_requested', actorId: actor.id, reviewId: id, excerpt: message || `Please review ${letter.title}` },
        ]);
        return { reviewId: id, notified: users };
      });
      connections.notify(access.letterId, 'reviews');
      if (state) {
        connections.notify(access.letterId, 'letter');
        connections.notify(access.letterId, 'versions');
      }
      notifyInbox(notified);
      const review = await findReview(db, access.letterId, reviewId);
      if (!review) throw notFound('No such review request.');
      return c.json({ review: toReviewDto(review) }, 201);
    })
    .post('/:id/reviews/:reviewId/finish', validate('json', ReviewFinishSchema), async (c) => {
      // Any role: the request itself delegates the decision to the reviewer.
      const access = await requireLetterAccess(c, db, c.req.param('id'));
      const { outcome, summary } = c.req.valid('json');
      const actor = access.auth.user;
      const review = await findReview(db, access.letterId, idParam(c, 'reviewId', 'No such review request.'));
      if (!review) throw notFound('No such review request.');
      if (review.reviewer.userId !== actor.id) throw forbidden('Only the person asked to review can finish this review.');
      if (review.state !== 'pending') throw reviewFinished();
      const from = await findStatus(db, access.letterId);
      // Approving says someone other than the writer checked the letter: not its only author.
      if (outcome === 'approve' && !(await hasOtherAuthor(db, access.letterId, actor.id))) {
        throw new ApiException(403, 'own_letter', 'You are the only author of this letter, so you cannot approve it. Ask for changes, or ask the owner to add another author.');
      }
      if (from !== 'in_review') throw new ApiException(409, 'invalid_transition', 'The letter is not in review any more, so the review cannot move it.');
      const to = OUTCOME_STATUS[outcome];
      const state = await storedDocumentState(docStore, rooms, access.letterId);
      const notified = await db.transaction().execute(async (trx) => {
        if (!(await closeReview(trx, review.id, outcome === 'approve' ? 'approved' : 'changes_requested', summary))) throw reviewFinished();
        const ip = clientAddress(c);
        // One automatic version for the outcome (it is also the status change).
        const version = { name: reviewVersionName(outcome, actor.name), kind: 'review' as const };
        await changeStatus(trx, { letterId: access.letterId, from, to, actorId: actor.id, ip, state, version });
        await recordAudit(trx, { action: 'review.finished', actorId: actor.id, letterId: access.letterId, targetUserId: review.requestedBy.userId, detail: { reviewId: review.id, outcome }, ip });
        return addInboxItems(trx, [
          { userId: review.requestedBy.userId, letterId: access.letterId, kind: outcome === 'approve' ? 'review_approved' : 'review_changes_requested', actorId: actor.id, reviewId: review.id, excerpt: summary },
        ]);
      });
      for (const topic of ['reviews', 'letter', 'versions'] as const) connections.notify(access.letterId, topic);
      notifyInbox(notified);
      const [finished, letter] = await Promise.all([findReview(db, access.letterId, review.id), findLetterForUser(db, access.letterId, actor.id)]);
      if (!finished || !letter) throw notFound('No such review request.');
      return c.json({ review: toReviewDto(finished), letter });
    })
    .delete('/:id/reviews/:reviewId', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'changeStatus');
      const review = await findReview(db, access.letterId, idParam(c, 'reviewId', 'No such review request.'));
      if (!review) throw notFound('No such review request.');
      if (review.state !== 'pending') throw reviewFinished();
      await db.transaction().execute(async (trx) => {
        if (!(await closeReview(trx, review.id, 'cancelled'))) throw reviewFinished();
        await recordAudit(trx, { action: 'review.cancelled', actorId: access.auth.user.id, letterId: access.letterId, targetUserId: review.reviewer.userId, detail: { reviewId: review.id }, ip: clientAddress(c) });
      });
      connections.notify(access.letterId, 'reviews');
      return c.body(null, 204);
    });
}
