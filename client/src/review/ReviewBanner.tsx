/** The banner that asks me to review the letter, and the one that confirms how I finished. */
import { useEffect, useId, useRef, useState } from 'react';
import type { Letter } from '../../../shared/letters';
import { REVIEW_STATE_LABEL, type Review, type ReviewOutcome } from '../../../shared/reviews';
import type { FinishedReview } from '../api/reviews';
import { formatDateTime } from '../components/formatDate';
import { FinishReviewDialog } from './FinishReviewDialog';
import { finishBlockedReason } from './reviewRules';

/** Props of ReviewBanner. */
export interface ReviewBannerProps {
  /** The element id, for `?review=` links. */
  id: string;
  letter: Letter;
  review: Review;
  /** The page was opened for this review: it is highlighted. */
  targeted: boolean;
  onFinished(result: FinishedReview): void;
}

/** "Dana asked you to review this letter", the message, and the two ways to finish. */
export function ReviewBanner({ id, letter, review, targeted, onFinished }: ReviewBannerProps) {
  const [outcome, setOutcome] = useState<ReviewOutcome | null>(null);
  const blocked = finishBlockedReason(letter);
  const reasonId = useId();
  const headingId = useId();
  return (
    <div
      id={id}
      tabIndex={-1}
      className={`review-banner${targeted ? ' review--targeted' : ''}`}
      data-testid="review-banner"
      data-state={review.state}
      role="region"
      aria-labelledby={headingId}
    >
      <p className="review-banner__headline" id={headingId}>
        <strong>{review.requestedBy.name} asked you to review this letter</strong>
        <span className="muted">
          {' · '}
          <time dateTime={review.createdAt}>{formatDateTime(review.createdAt)}</time>
        </span>
      </p>
      {review.message && <blockquote className="review-banner__message">{review.message}</blockquote>}
      <p className="review-banner__help">
        Read the letter and comment on anything specific, then finish with a short summary for {review.requestedBy.name}.
      </p>
      <div className="review-banner__actions">
        <button
          type="button"
          className="button button--small button--primary"
          disabled={blocked !== null}
          aria-describedby={blocked ? reasonId : undefined}
          onClick={() => setOutcome('approve')}
        >
          Approve
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={blocked !== null}
          aria-describedby={blocked ? reasonId : undefined}
          onClick={() => setOutcome('request_changes')}
        >
          Request changes
        </button>
      </div>
      {blocked && (
        <p className="review-banner__note" id={reasonId}>
          {blocked}
        </p>
      )}
      <FinishReviewDialog
        letterId={letter.id}
        review={review}
        outcome={outcome}
        onClose={() => setOutcome(null)}
        onFinished={(result) => {
          setOutcome(null);
          onFinished(result);
        }}
      />
    </div>
  );
}

/** Props of OutcomeBanner. */
export interface OutcomeBannerProps {
  review: Review;
  onDismiss(): void;
}

/** What I just decided, until I dismiss it (the review then lives on in the list). */
export function OutcomeBanner({ review, onDismiss }: OutcomeBannerProps) {
  const ref = useRef<HTMLDivElement>(null);
  // The buttons that led here are gone with the request banner: focus lands on the outcome instead.
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      className={`review-banner review-banner--done review-banner--${review.state}`}
      data-testid="review-banner"
      data-state={review.state}
      role="status"
    >
      <p className="review-banner__headline">
        <strong>
          {review.state === 'approved' ? 'You approved this letter.' : 'You asked for changes.'}
        </strong>{' '}
        <span className="muted">{review.requestedBy.name} has been told. Status: {REVIEW_STATE_LABEL[review.state]}.</span>
      </p>
      {review.summary && <blockquote className="review-banner__message">{review.summary}</blockquote>}
      <div className="review-banner__actions">
        <button type="button" className="button button--small" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
