/**
 * Who may do what with review requests: owners ask and cancel, only the person asked finishes
 * (whatever their role) and approves only if not the letter's only author (owner or editor), the
 * review statuses are reached only through reviews; everyone on the letter reads; outsiders and bad ids get 404, no session
 * 401, bad bodies 400; refused requests change nothing.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ReviewLimits } from '../../../shared/reviews';
import { letterAudit } from '../../helpers/audit';
import type { Session } from '../../helpers/http';
import { expectApiError, requestJson } from '../../helpers/http';
import { changeRole, createSharedLetter, type SharedLetter } from '../../helpers/letters';
import { type TestServer, useTestResources } from '../../helpers/resources';
import { cancelReviewRequest, clearInbox, finishReview, finishReviewRequest, inboxRows, listReviews, requestReview, requestReviewRequest } from '../../helpers/reviews';
import { listVersions } from '../../helpers/versions';
import { getLetter } from '../../helpers/workspace';

const resources = useTestResources();

/** A shared letter whose members' inboxes start empty: what joining it left is tested with sharing. */
async function sharedLetter(server: TestServer): Promise<SharedLetter> {
  const shared = await createSharedLetter(server);
  await clearInbox(server.database);
  return shared;
}

describe('review permissions', () => {
  it('401 without a session and 404 for outsiders and bad letter ids, on every route', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, outsider } = await sharedLetter(server);
    const review = await requestReview(server, owner, letter.id, editor.user.id);
    const routes = (letterId: string) => [
      { what: 'list', send: (session: Session | null) => requestJson(server, `/api/letters/${letterId}/reviews`, { session }) },
      { what: 'request', send: (session: Session | null) => requestReviewRequest(server, session, letterId, { reviewerId: editor.user.id }) },
      { what: 'finish', send: (session: Session | null) => finishReviewRequest(server, session, letterId, review.id, { outcome: 'approve', summary: 'ok' }) },
      { what: 'cancel', send: (session: Session | null) => cancelReviewRequest(server, session, letterId, review.id) },
    ];
    for (const route of routes(letter.id)) {
      expect((await expectApiError(await route.send(null), 401)).code, route.what).toBe('unauthenticated');
      expect((await expectApiError(await route.send(outsider), 404)).code, route.what).toBe('not_found');
    }
    for (const badId of [randomUUID(), 'not-a-letter']) {
      for (const route of routes(badId)) expect((await expectApiError(await route.send(owner), 404)).code, `${route.what} ${badId}`).toBe('not_found');
    }
    expect(await listReviews(server, owner, letter.id)).toEqual([review]);
  });

  it('only owners ask for a review: editors, commenters and viewers 403, nothing recorded', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter, viewer } = await sharedLetter(server);
    for (const [who, session, reviewer] of [['editor', editor, commenter], ['commenter', commenter, editor], ['viewer', viewer, editor]] as const) {
      const response = await requestReviewRequest(server, session, letter.id, { reviewerId: reviewer.user.id });
      expect((await expectApiError(response, 403)).code, who).toBe('forbidden');
    }
    expect(await listReviews(server, viewer, letter.id)).toEqual([]);
    expect((await getLetter(server, owner, letter.id)).status).toBe('draft');
    expect(await listVersions(server, owner, letter.id)).toEqual([]);
    expect(await inboxRows(server.database, letter.id)).toEqual([]);
  });

  it('only the person asked finishes: the owner and other members 403; a viewer who was asked may', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter, viewer } = await sharedLetter(server);
    const review = await requestReview(server, owner, letter.id, viewer.user.id);
    for (const [who, session] of [['owner', owner], ['editor', editor], ['commenter', commenter]] as const) {
      const response = await finishReviewRequest(server, session, letter.id, review.id, { outcome: 'approve', summary: 'Not mine to approve' });
      expect((await expectApiError(response, 403)).code, who).toBe('forbidden');
    }
    expect((await getLetter(server, owner, letter.id)).status).toBe('in_review');
    expect((await listReviews(server, owner, letter.id))[0]?.state).toBe('pending');
    expect((await finishReview(server, viewer, letter.id, review.id, 'approve', 'Fine by me')).letter).toMatchObject({ status: 'approved', role: 'viewer' });
  });

  it('only owners cancel: editors and the reviewer 403', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter } = await sharedLetter(server);
    const review = await requestReview(server, owner, letter.id, commenter.user.id);
    for (const [who, session] of [['editor', editor], ['reviewer', commenter]] as const) {
      expect((await expectApiError(await cancelReviewRequest(server, session, letter.id, review.id), 403)).code, who).toBe('forbidden');
    }
    expect((await listReviews(server, owner, letter.id))[0]?.state).toBe('pending');
    expect(await letterAudit(server, owner, letter.id, { action: 'review.cancelled' })).toEqual([]);
  });

  it("404 for unknown review ids and for another letter's reviews", async () => {
    const server = await resources.startServer();
    const { letter, ...people } = await sharedLetter(server);
    const { owner, editor } = people;
    const { letter: sharedOther } = await createSharedLetter(server, people);
    expect(sharedOther.id).not.toBe(letter.id);
    const foreign = await requestReview(server, owner, sharedOther.id, editor.user.id);
    for (const reviewId of [randomUUID(), 'nope', foreign.id]) {
      const finish = await finishReviewRequest(server, editor, letter.id, reviewId, { outcome: 'approve', summary: 'ok' });
      expect((await expectApiError(finish, 404)).code, reviewId).toBe('not_found');
      expect((await expectApiError(await cancelReviewRequest(server, owner, letter.id, reviewId), 404)).code, reviewId).toBe('not_found');
    }
    expect((await listReviews(server, owner, sharedOther.id))[0]?.state).toBe('pending');
    expect((await getLetter(server, owner, sharedOther.id)).status).toBe('in_review');
  });
});

describe('the review statuses need a named reviewer', () => {
  it('a plain status change cannot put a letter in review, approve it or ask for changes (409 review_required, nothing changes)', async () => {
    const server = await resources.startServer();
    const { letter, owner, lawyer } = await sharedLetter(server).then((shared) => ({ ...shared, lawyer: shared.commenter }));
    const refuse = async (status: string) => {
      const response = await requestJson(server, `/api/letters/${letter.id}`, { method: 'PATCH', session: owner, body: { status } });
      expect((await expectApiError(response, 409)).code, status).toBe('review_required');
    };
    await refuse('in_review');
    expect((await getLetter(server, owner, letter.id)).status).toBe('draft');
    // While the lawyer's review is pending, the owner cannot decide it herself, by either route.
    const review = await requestReview(server, owner, letter.id, lawyer.user.id);
    await refuse('approved');
    await refuse('changes_requested');
    expect((await expectApiError(await finishReviewRequest(server, owner, letter.id, review.id, { outcome: 'approve', summary: 'Mine is fine' }), 403)).code).toBe('forbidden');
    expect((await getLetter(server, owner, letter.id)).status).toBe('in_review');
    expect(await letterAudit(server, owner, letter.id, { action: 'letter.status_changed' })).toHaveLength(1);
    // The owner may withdraw the request; the lawyer can then no longer finish it.
    expect((await cancelReviewRequest(server, owner, letter.id, review.id)).status).toBe(204);
    expect((await expectApiError(await finishReviewRequest(server, lawyer, letter.id, review.id, { outcome: 'approve', summary: 'Late' }), 409)).code).toBe('review_finished');
  });

  it("the letter's only author cannot approve it (403 own_letter), and can once another author joins", async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter } = await sharedLetter(server);
    const review = await requestReview(server, owner, letter.id, editor.user.id);
    // The editor becomes the only owner or editor: the others are demoted.
    await changeRole(server, owner, letter.id, editor.user.id, 'owner');
    await changeRole(server, editor, letter.id, owner.user.id, 'viewer');
    const approve = await finishReviewRequest(server, editor, letter.id, review.id, { outcome: 'approve', summary: 'I wrote it, it is fine' });
    expect((await expectApiError(approve, 403)).code).toBe('own_letter');
    expect((await getLetter(server, editor, letter.id)).status).toBe('in_review');
    expect((await listReviews(server, editor, letter.id))[0]?.state).toBe('pending');
    // Another author joins: the same reviewer may approve now.
    await changeRole(server, editor, letter.id, commenter.user.id, 'editor');
    expect((await finishReview(server, editor, letter.id, review.id, 'approve', 'Checked by someone else too')).letter.status).toBe('approved');
  });

  it('a second review after changes were asked for goes through the reviewer again', async () => {
    const server = await resources.startServer();
    const { letter, owner, commenter } = await sharedLetter(server);
    const first = await requestReview(server, owner, letter.id, commenter.user.id);
    expect((await finishReview(server, commenter, letter.id, first.id, 'request_changes', 'Fix the dates')).letter.status).toBe('changes_requested');
    const second = await requestReview(server, owner, letter.id, commenter.user.id);
    expect((await getLetter(server, owner, letter.id)).status).toBe('in_review');
    expect((await finishReview(server, commenter, letter.id, second.id, 'approve', 'Good now')).letter.status).toBe('approved');
    expect((await inboxRows(server.database, letter.id)).filter((row) => row.user_id === owner.user.id).map((row) => row.kind)).toEqual(['review_changes_requested', 'review_approved']);
  });
});

describe('refused review requests', () => {
  it('400 invalid_reviewer for oneself, non-members and unknown accounts; 409 review_pending for someone already asked', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, outsider } = await sharedLetter(server);
    for (const [who, reviewerId] of [['self', owner.user.id], ['outsider', outsider.user.id], ['unknown', randomUUID()]] as const) {
      const response = await requestReviewRequest(server, owner, letter.id, { reviewerId });
      expect((await expectApiError(response, 400)).code, who).toBe('invalid_reviewer');
    }
    expect((await getLetter(server, owner, letter.id)).status).toBe('draft');
    expect(await listVersions(server, owner, letter.id)).toEqual([]);

    const first = await requestReview(server, owner, letter.id, editor.user.id);
    const again = await requestReviewRequest(server, owner, letter.id, { reviewerId: editor.user.id, message: 'Again?' });
    expect((await expectApiError(again, 409)).code).toBe('review_pending');
    expect(await listReviews(server, owner, letter.id)).toEqual([first]);
    expect(await inboxRows(server.database, letter.id)).toHaveLength(1);
  });

  it('400 on bad bodies, changing nothing', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await sharedLetter(server);
    const requests: unknown[] = [
      {},
      { reviewerId: 'nope' },
      { reviewerId: editor.user.id, message: 'x'.repeat(ReviewLimits.maxMessageLength + 1) },
      { reviewerId: editor.user.id, message: 5 },
      { reviewerId: editor.user.id, state: 'approved' },
      'not json',
    ];
    for (const body of requests) {
      expect((await expectApiError(await requestReviewRequest(server, owner, letter.id, body), 400)).code, JSON.stringify(body)).toBe('bad_request');
    }
    expect(await listReviews(server, owner, letter.id)).toEqual([]);
    expect((await getLetter(server, owner, letter.id)).status).toBe('draft');

    const review = await requestReview(server, owner, letter.id, editor.user.id);
    const finishes: unknown[] = [
      {},
      { outcome: 'approve' },
      { outcome: 'approve', summary: '   ' },
      { outcome: 'maybe', summary: 'ok' },
      { outcome: 'approve', summary: 'x'.repeat(ReviewLimits.maxSummaryLength + 1) },
      { outcome: 'approve', summary: 'ok', extra: true },
      'not json',
    ];
    for (const body of finishes) {
      expect((await expectApiError(await finishReviewRequest(server, editor, letter.id, review.id, body), 400)).code, JSON.stringify(body)).toBe('bad_request');
    }
    expect(await listReviews(server, owner, letter.id)).toEqual([review]);
    expect((await getLetter(server, owner, letter.id)).status).toBe('in_review');
    expect(await letterAudit(server, owner, letter.id, { action: 'review.finished' })).toEqual([]);
  });
});
