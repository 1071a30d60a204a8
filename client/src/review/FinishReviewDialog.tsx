/** The reviewer's last step: a summary for the author, then "Approve" or "Request changes". */
import { useId, useState, type FormEvent } from 'react';
import { ReviewFinishSchema, ReviewLimits, type Review, type ReviewOutcome } from '../../../shared/reviews';
import { ApiRequestError } from '../api/http';
import { finishReview, type FinishedReview } from '../api/reviews';
import { Modal } from '../components/Modal';
import { errorMessage } from '../components/errorMessage';
import { OUTCOME_ACTION } from './reviewRules';

/** Props of FinishReviewDialog. */
export interface FinishReviewDialogProps {
  letterId: string;
  review: Review;
  /** The outcome being written; the dialog is open while it is set. */
  outcome: ReviewOutcome | null;
  onClose(): void;
  onFinished(result: FinishedReview): void;
}

const TITLE: Record<ReviewOutcome, string> = {
  approve: 'Approve this letter',
  request_changes: 'Request changes to this letter',
};

const HINT: Record<ReviewOutcome, string> = {
  approve: 'Say what you checked, and anything to keep in mind before it is sent.',
  request_changes: 'Say what must change before you can approve it. Comments on the text can carry the details.',
};

/** The native-dialog form. */
export function FinishReviewDialog({ letterId, review, outcome, onClose, onFinished }: FinishReviewDialogProps) {
  return (
    <Modal open={outcome !== null} onClose={onClose} title={outcome ? TITLE[outcome] : ''} testId="finish-review-dialog">
      {outcome && <FinishForm letterId={letterId} review={review} outcome={outcome} onClose={onClose} onFinished={onFinished} />}
    </Modal>
  );
}

function FinishForm({ letterId, review, outcome, onClose, onFinished }: Omit<FinishReviewDialogProps, 'outcome'> & { outcome: ReviewOutcome }) {
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summaryId = useId();
  const hintId = useId();
  const errorId = useId();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const parsed = ReviewFinishSchema.safeParse({ outcome, summary });
    if (!parsed.success) return setError(sentence(parsed.error.issues[0]?.message ?? 'write a short summary for the author'));
    setBusy(true);
    setError(null);
    try {
      onFinished(await finishReview(letterId, review.id, parsed.data.outcome, parsed.data.summary));
    } catch (cause) {
      setError(finishErrorMessage(cause));
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={handleSubmit} noValidate>
      <p>
        {review.requestedBy.name} asked for this review. Your summary goes to them and stays with the letter’s review
        history.
      </p>
      <div>
        <label htmlFor={summaryId}>Summary</label>
        <p className="field-hint" id={hintId}>
          {HINT[outcome]}
        </p>
        <textarea
          id={summaryId}
          aria-label="Summary"
          className="review-form__text"
          rows={5}
          maxLength={ReviewLimits.maxSummaryLength}
          value={summary}
          onChange={(event) => setSummary(event.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          autoFocus
        />
      </div>
      {error && (
        <p className="field-error" role="alert" id={errorId}>
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Sending…' : OUTCOME_ACTION[outcome]}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A schema message ("write a short summary…") as a sentence. */
function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Why finishing failed, in plain words. */
function finishErrorMessage(error: unknown): string {
  if (error instanceof ApiRequestError && error.code === 'review_finished') {
    return 'This review was already finished or cancelled. Close this and see where the letter stands now.';
  }
  if (error instanceof ApiRequestError && error.code === 'invalid_transition') {
    return 'The letter is no longer in review, so this review cannot be finished now. Ask the owner to send it back to review.';
  }
  return `Not sent. ${errorMessage(error)}`;
}
