/**
 * Review requests above the letter: a banner for each request that asks me to review (with
 * "Approve" and "Request changes"), then the list of the letter's other reviews: pending ones first
 * (owners may cancel them), then finished ones with outcome, summary, who and when. It refreshes
 * on the server's `reviews` and `letter` notices; `?review=<id>` scrolls that review into view.
 */
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'wouter';
import type { Letter } from '../../../shared/letters';
import type { Review } from '../../../shared/reviews';
import { can } from '../../../shared/roles';
import { listReviews } from '../api/reviews';
import { errorMessage } from '../components/errorMessage';
import { useSignedIn } from '../session/SessionContext';
import type { LetterConnection } from '../sync/letterConnection';
import { useLetterEvent } from '../sync/useLetterEvent';
import { useLiveResource } from '../sync/useLiveResource';
import { OutcomeBanner, ReviewBanner } from './ReviewBanner';
import { ReviewList } from './ReviewList';
import { groupReviews } from './reviewRules';

/** Props of ReviewSection. */
export interface ReviewSectionProps {
  letter: Letter;
  connection: LetterConnection | null;
  /** Receives the letter with its new status after I finish a review. */
  onLetterChange(letter: Letter): void;
}

/** The element id of a review's banner or row, for `?review=` links. */
export function reviewElementId(reviewId: string): string {
  return `review-${reviewId}`;
}

/** The reviews above the letter; nothing at all while the letter has none. */
export function ReviewSection({ letter, connection, onLetterChange }: ReviewSectionProps) {
  const { user } = useSignedIn();
  const reviews = useLiveResource(`reviews:${letter.id}`, (signal) => listReviews(letter.id, signal), connection, 'reviews');
  useLetterEvent(connection, 'letter', reviews.refresh);
  const [justFinished, setJustFinished] = useState<Review | null>(null);
  const [params] = useSearchParams();
  const target = params.get('review');
  useScrollToReview(target, reviews.state.status === 'ready');

  const { state } = reviews;
  if (state.status === 'loading') return null;
  if (state.status === 'error') {
    return (
      <div className="notice notice--error reviews__error" role="alert">
        <p>Could not load this letter’s reviews. {errorMessage(state.error)}</p>
        <button type="button" className="button button--small" onClick={reviews.retry}>
          Try again
        </button>
      </div>
    );
  }
  const groups = groupReviews(state.value, user.id);
  // The outcome I just gave stays only while the letter still has the status it gave: once the
  // owner asks for another review (or reopens it), the old outcome would contradict the status.
  const outcome = justFinished && letter.status === justFinished.state ? justFinished : null;
  // The review I just finished leaves at once (with its dialog), before the refetch confirms it.
  const forMe = groups.forMe.filter((review) => review.id !== justFinished?.id);
  const listed = [...groups.waiting, ...groups.past];
  if (forMe.length === 0 && listed.length === 0 && !outcome) return null;

  return (
    <section className="reviews" aria-label="Reviews">
      {outcome && <OutcomeBanner review={outcome} onDismiss={() => setJustFinished(null)} />}
      {forMe.map((review) => (
        <ReviewBanner
          key={review.id}
          id={reviewElementId(review.id)}
          letter={letter}
          review={review}
          targeted={review.id === target}
          onFinished={(result) => {
            onLetterChange(result.letter);
            setJustFinished(result.review);
            reviews.refresh();
          }}
        />
      ))}
      {listed.length > 0 && (
        <ReviewList
          letterId={letter.id}
          waiting={groups.waiting}
          past={groups.past}
          mayCancel={can(letter.role, 'changeStatus')}
          target={target}
          elementId={reviewElementId}
          onChanged={reviews.refresh}
        />
      )}
    </section>
  );
}

/** Once the reviews are shown, brings the review named in the address into view (once per review id). */
function useScrollToReview(target: string | null, ready: boolean): void {
  const done = useRef<string | null>(null);
  useEffect(() => {
    if (!target || !ready || done.current === target) return;
    const element = document.getElementById(reviewElementId(target));
    if (!element) return;
    done.current = target;
    element.scrollIntoView({ block: 'center' });
    element.focus({ preventScroll: true });
  });
}
