/**
 * The review workflow: an owner's request moves the letter to "In review" and notifies the
 * reviewer; the reviewer's "Approve" or "Request changes" moves it on, records versions and
 * notifies the requester; every step is audited and reaches open clients.
 */
import { describe, expect, it } from 'vitest';
import type { Review } from '../../../shared/reviews';
import { letterAudit } from '../../helpers/audit';
import { expectApiError } from '../../helpers/http';
import { createSharedLetter, type SharedLetter } from '../../helpers/letters';
import { type TestServer, useTestResources } from '../../helpers/resources';
import { cancelReviewRequest, clearInbox, finishReview, finishReviewRequest, inboxRows, listReviews, requestReview, requestReviewRequest } from '../../helpers/reviews';
import { blockText, bodyString, listVersions, storedBody, versionBody } from '../../helpers/versions';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { getLetter, listenForLetterEvents, moveToStatus } from '../../helpers/workspace';

const resources = useTestResources();

/** A shared letter whose members' inboxes start empty: what joining it left is tested with sharing. */
async function sharedLetter(server: TestServer): Promise<SharedLetter> {
  const shared = await createSharedLetter(server);
  await clearInbox(server.database);
  return shared;
}

describe('requesting a review', () => {
  it('moves a draft to in review with an audit entry and a status version, and notifies the reviewer', async () => {
    const server = await resources.startServer();
    const { letter, owner, commenter, viewer } = await sharedLetter(server);
    const ownerClient = await listenForLetterEvents(resources, server, letter.id, owner);
    const reviewerClient = await listenForLetterEvents(resources, server, letter.id, commenter);

    const review = await requestReview(server, owner, letter.id, commenter.user.id, '  Please check the medical history.  ');
    expect(review).toEqual({
      id: expect.any(String),
      requestedBy: { userId: owner.user.id, name: owner.user.name },
      reviewer: { userId: commenter.user.id, name: commenter.user.name },
      message: 'Please check the medical history.',
      state: 'pending',
      summary: '',
      createdAt: expect.any(String),
      finishedAt: null,
    } satisfies Review);
    expect((await getLetter(server, viewer, letter.id)).status).toBe('in_review');
    expect(await listReviews(server, viewer, letter.id)).toEqual([review]);

    const statusChanges = await letterAudit(server, owner, letter.id, { action: 'letter.status_changed' });
    expect(statusChanges.map((entry) => [entry.actorId, entry.detail])).toEqual([[owner.user.id, { from: 'draft', to: 'in_review' }]]);
    const requested = await letterAudit(server, owner, letter.id, { action: 'review.requested' });
    expect(requested.map((entry) => [entry.actorId, entry.targetUserId, entry.detail])).toEqual([[owner.user.id, commenter.user.id, { reviewId: review.id }]]);
    const versions = await listVersions(server, viewer, letter.id);
    expect(versions.map((version) => [version.name, version.kind, version.createdBy?.userId])).toEqual([['Draft → In review', 'status', owner.user.id]]);

    expect(await inboxRows(server.database, letter.id)).toEqual([
      { user_id: commenter.user.id, letter_id: letter.id, kind: 'review_requested', actor_id: owner.user.id, thread_id: null, review_id: review.id, excerpt: 'Please check the medical history.' },
    ]);
    await waitUntil(() => expect(reviewerClient.events.topics).toEqual(['reviews', 'letter', 'versions', 'inbox']));
    await waitUntil(() => expect(ownerClient.events.topics).toEqual(['reviews', 'letter', 'versions']));
  });

  it('asks "Please review <title>" without a message; a second request while in review moves nothing', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, viewer } = await sharedLetter(server);
    const first = await requestReview(server, owner, letter.id, editor.user.id);
    expect(first.message).toBe('');
    const second = await requestReview(server, owner, letter.id, viewer.user.id, 'Second opinion');
    expect(await listReviews(server, owner, letter.id)).toEqual([second, first]);
    expect((await inboxRows(server.database, letter.id)).map((row) => [row.user_id, row.excerpt])).toEqual([
      [editor.user.id, `Please review ${letter.title}`],
      [viewer.user.id, 'Second opinion'],
    ]);
    expect(await letterAudit(server, owner, letter.id, { action: 'letter.status_changed' })).toHaveLength(1);
    expect((await listVersions(server, owner, letter.id)).map((version) => version.name)).toEqual(['Draft → In review']);
  });

  it('is 409 letter_sent on a sent letter, changing nothing', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await sharedLetter(server);
    await moveToStatus(server, owner, letter.id, 'sent');
    // Reaching "sent" took a review; nothing of it changes.
    const [versionsBefore, reviewsBefore, inboxBefore] = [await listVersions(server, owner, letter.id), await listReviews(server, owner, letter.id), await inboxRows(server.database, letter.id)];
    expect((await expectApiError(await requestReviewRequest(server, owner, letter.id, { reviewerId: editor.user.id }), 409)).code).toBe('letter_sent');
    expect(await listReviews(server, owner, letter.id)).toEqual(reviewsBefore);
    expect((await getLetter(server, owner, letter.id)).status).toBe('sent');
    expect(await listVersions(server, owner, letter.id)).toEqual(versionsBefore);
    expect(await inboxRows(server.database, letter.id)).toEqual(inboxBefore);
  });
});

describe('finishing a review', () => {
  it('approve: the letter becomes approved, audited, with status and review versions, and the requester is notified', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter } = await sharedLetter(server);
    const writer = resources.connect(server, letter.id, { session: editor });
    await waitForSynced(writer.provider);
    blockText(writer.doc, 1).insert(0, 'Reviewed words.');
    await waitUntil(async () => expect(await storedBody(server.database, letter.id)).toBe(bodyString(writer.doc)));
    const review = await requestReview(server, owner, letter.id, commenter.user.id, 'Check it');
    const ownerClient = await listenForLetterEvents(resources, server, letter.id, owner);

    const { review: finished, letter: after } = await finishReview(server, commenter, letter.id, review.id, 'approve', '  Looks good.  ');
    expect(finished).toEqual({ ...review, state: 'approved', summary: 'Looks good.', finishedAt: expect.any(String) });
    expect(after).toMatchObject({ id: letter.id, status: 'approved', role: 'commenter', frozen: false });
    expect((await getLetter(server, owner, letter.id)).status).toBe('approved');

    const finishedEntries = await letterAudit(server, owner, letter.id, { action: 'review.finished' });
    expect(finishedEntries.map((entry) => [entry.actorId, entry.targetUserId, entry.detail])).toEqual([[commenter.user.id, owner.user.id, { reviewId: review.id, outcome: 'approve' }]]);
    const statusChanges = await letterAudit(server, owner, letter.id, { action: 'letter.status_changed' });
    expect(statusChanges.map((entry) => [entry.actorId, entry.detail])).toEqual([
      [commenter.user.id, { from: 'in_review', to: 'approved' }],
      [owner.user.id, { from: 'draft', to: 'in_review' }],
    ]);

    const versions = await listVersions(server, owner, letter.id);
    expect(versions.map((version) => [version.name, version.kind, version.createdBy?.userId])).toEqual([
      [`Approved by ${commenter.user.name}`, 'review', commenter.user.id],
      ['Draft → In review', 'status', owner.user.id],
    ]);
    expect(await versionBody(server, owner, letter.id, versions[0]?.id ?? '')).toBe(bodyString(writer.doc));

    expect((await inboxRows(server.database, letter.id)).map((row) => [row.user_id, row.kind, row.actor_id, row.review_id, row.excerpt])).toEqual([
      [commenter.user.id, 'review_requested', owner.user.id, review.id, 'Check it'],
      [owner.user.id, 'review_approved', commenter.user.id, review.id, 'Looks good.'],
    ]);
    await waitUntil(() => expect(ownerClient.events.topics).toEqual(['reviews', 'letter', 'versions', 'inbox']));
  });

  it('request changes: the letter becomes changes requested; other reviews stay pending until it is back in review', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, viewer } = await sharedLetter(server);
    const byEditor = await requestReview(server, owner, letter.id, editor.user.id);
    const byViewer = await requestReview(server, owner, letter.id, viewer.user.id);

    const { letter: after } = await finishReview(server, viewer, letter.id, byViewer.id, 'request_changes', 'Fix the dates.');
    expect(after.status).toBe('changes_requested');
    expect((await listVersions(server, owner, letter.id))[0]).toMatchObject({ name: `Changes requested by ${viewer.user.name}`, kind: 'review' });
    expect((await listReviews(server, owner, letter.id)).map((review) => [review.id, review.state])).toEqual([
      [byViewer.id, 'changes_requested'],
      [byEditor.id, 'pending'],
    ]);

    // Not in review any more: the editor's pending review cannot move the letter.
    const refused = await finishReviewRequest(server, editor, letter.id, byEditor.id, { outcome: 'approve', summary: 'Fine' });
    expect((await expectApiError(refused, 409)).code).toBe('invalid_transition');
    expect((await listReviews(server, owner, letter.id)).find((review) => review.id === byEditor.id)?.state).toBe('pending');
    expect((await getLetter(server, owner, letter.id)).status).toBe('changes_requested');

    // A new round puts it back in review; then the pending review can finish it.
    await requestReview(server, owner, letter.id, viewer.user.id, 'Dates fixed');
    expect((await listVersions(server, owner, letter.id))[0]).toMatchObject({ name: 'Changes requested → In review', kind: 'status' });
    expect((await finishReview(server, editor, letter.id, byEditor.id, 'approve', 'Fine')).letter.status).toBe('approved');
  });

  it('a second finish is 409 review_finished and changes nothing', async () => {
    const server = await resources.startServer();
    const { letter, owner, commenter } = await sharedLetter(server);
    const review = await requestReview(server, owner, letter.id, commenter.user.id);
    await finishReview(server, commenter, letter.id, review.id, 'request_changes', 'Needs work');
    await moveToStatus(server, owner, letter.id, 'in_review');
    const versionsBefore = await listVersions(server, owner, letter.id);
    for (const outcome of ['approve', 'request_changes']) {
      const again = await finishReviewRequest(server, commenter, letter.id, review.id, { outcome, summary: 'Again' });
      expect((await expectApiError(again, 409)).code, outcome).toBe('review_finished');
    }
    expect((await getLetter(server, owner, letter.id)).status).toBe('in_review');
    expect(await listVersions(server, owner, letter.id)).toEqual(versionsBefore);
    expect(await letterAudit(server, owner, letter.id, { action: 'review.finished' })).toHaveLength(1);
  });
});

describe('cancelling a review', () => {
  it('an owner cancels a pending request (204, audited); it can then neither finish nor be cancelled again (409)', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await sharedLetter(server);
    const review = await requestReview(server, owner, letter.id, editor.user.id);
    const response = await cancelReviewRequest(server, owner, letter.id, review.id);
    expect(response.status).toBe(204);
    expect(await listReviews(server, editor, letter.id)).toEqual([{ ...review, state: 'cancelled', finishedAt: expect.any(String) }]);
    const cancelled = await letterAudit(server, owner, letter.id, { action: 'review.cancelled' });
    expect(cancelled.map((entry) => [entry.actorId, entry.targetUserId, entry.detail])).toEqual([[owner.user.id, editor.user.id, { reviewId: review.id }]]);
    expect((await getLetter(server, owner, letter.id)).status, 'cancelling moves no status').toBe('in_review');

    expect((await expectApiError(await finishReviewRequest(server, editor, letter.id, review.id, { outcome: 'approve', summary: 'Late' }), 409)).code).toBe('review_finished');
    expect((await expectApiError(await cancelReviewRequest(server, owner, letter.id, review.id), 409)).code).toBe('review_finished');
    // The same person can be asked again.
    expect((await requestReview(server, owner, letter.id, editor.user.id)).state).toBe('pending');
  });
});
