/** The letter's reviews other than those waiting for me: pending first (owners may cancel), then finished. */
import { useState } from 'react';
import { REVIEW_STATE_LABEL, type Review } from '../../../shared/reviews';
import { cancelReview } from '../api/reviews';
import { errorMessage } from '../components/errorMessage';
import { formatDateTime } from '../components/formatDate';
import { reviewHeadline } from './reviewRules';

/** How many finished reviews show before "Show all". */
const SHOWN_PAST = 3;

/** Props of ReviewList. */
export interface ReviewListProps {
  letterId: string;
  waiting: readonly Review[];
  past: readonly Review[];
  /** I own the letter, so I may cancel pending requests. */
  mayCancel: boolean;
  /** The review named in the address, if any: shown even if older, and highlighted. */
  target: string | null;
  elementId(reviewId: string): string;
  onChanged(): void;
}

/** The list. */
export function ReviewList({ letterId, waiting, past, mayCancel, target, elementId, onChanged }: ReviewListProps) {
  const targetIndex = past.findIndex((review) => review.id === target);
  const [showAll, setShowAll] = useState(targetIndex >= SHOWN_PAST);
  const shown = showAll ? past : past.slice(0, SHOWN_PAST);
  return (
    <div className="review-history">
      <ul className="review-list" data-testid="review-list" aria-label="Reviews of this letter">
        {waiting.map((review) => (
          <WaitingRow key={review.id} id={elementId(review.id)} letterId={letterId} review={review} mayCancel={mayCancel} targeted={review.id === target} onChanged={onChanged} />
        ))}
        {shown.map((review) => (
          <PastRow key={review.id} id={elementId(review.id)} review={review} targeted={review.id === target} />
        ))}
      </ul>
      {past.length > SHOWN_PAST && (
        <button type="button" className="link-button review-history__more" aria-expanded={showAll} onClick={() => setShowAll((on) => !on)}>
          {showAll ? 'Show fewer reviews' : `Show all ${past.length} past reviews`}
        </button>
      )}
    </div>
  );
}

interface WaitingRowProps {
  id: string;
  letterId: string;
  review: Review;
  mayCancel: boolean;
  targeted: boolean;
  onChanged(): void;
}

function WaitingRow({ id, letterId, review, mayCancel, targeted, onChanged }: WaitingRowProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function handleCancel() {
    setBusy(true);
    setError(null);
    try {
      await cancelReview(letterId, review.id);
      onChanged();
    } catch (cause) {
      setError(`Not cancelled. ${errorMessage(cause)}`);
      setBusy(false);
    }
  }

  return (
    <li id={id} tabIndex={-1} className={`review-row review-row--pending${targeted ? ' review--targeted' : ''}`} data-state={review.state}>
      <div className="review-row__head">
        <span className="status-pill status-pill--in_review">{REVIEW_STATE_LABEL.pending}</span>
        <strong>{reviewHeadline(review)}</strong>
        <span className="muted">
          asked by {review.requestedBy.name}, <time dateTime={review.createdAt}>{formatDateTime(review.createdAt)}</time>
        </span>
        {mayCancel && (
          <button type="button" className="button button--small review-row__action" disabled={busy} onClick={handleCancel}>
            {busy ? 'Cancelling…' : 'Cancel request'}
          </button>
        )}
      </div>
      {review.message && <p className="review-row__text">“{review.message}”</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function PastRow({ id, review, targeted }: { id: string; review: Review; targeted: boolean }) {
  const pill = review.state === 'approved' ? 'approved' : review.state === 'changes_requested' ? 'changes_requested' : 'draft';
  const when = review.finishedAt ?? review.createdAt;
  return (
    <li id={id} tabIndex={-1} className={`review-row review-row--${review.state}${targeted ? ' review--targeted' : ''}`} data-state={review.state}>
      <div className="review-row__head">
        <span className={`status-pill status-pill--${pill}`}>{REVIEW_STATE_LABEL[review.state]}</span>
        <strong>{reviewHeadline(review)}</strong>
        <span className="muted">
          <time dateTime={when}>{formatDateTime(when)}</time>
          {review.state !== 'cancelled' && ` · asked by ${review.requestedBy.name}`}
        </span>
      </div>
      {review.summary && <p className="review-row__text">{review.summary}</p>}
    </li>
  );
}
