/**
 * "Request review" for owners: pick a member other than themselves, add an optional message, and
 * the server asks them (inbox) and moves the letter to "in review". The reviews list beside the
 * letter refreshes through the server's `reviews` notice; the status is refetched here at once.
 */
import { useId, useState, type FormEvent } from 'react';
import type { Letter } from '../../../shared/letters';
import { ReviewLimits } from '../../../shared/reviews';
import { ROLE_LABEL } from '../../../shared/roles';
import { getLetter } from '../api/letters';
import { listMembers } from '../api/members';
import { listReviews, requestReview } from '../api/reviews';
import { useAsync } from '../api/useAsync';
import { Modal } from '../components/Modal';
import { errorMessage } from '../components/errorMessage';
import { useSignedIn } from '../session/SessionContext';
import { PROFESSION_LABEL } from '../session/professions';
import { reviewerOptions } from './reviewRules';

/** Props of RequestReviewButton. */
export interface RequestReviewButtonProps {
  letter: Letter;
  /** Receives the letter after the request, with its new status. */
  onChange(letter: Letter): void;
}

/** The button and its dialog. Render it only for owners of a letter that is not sent. */
export function RequestReviewButton({ letter, onChange }: RequestReviewButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <span className="request-review">
      {/* The way forward from a draft or after changes: the primary button then. */}
      <button
        type="button"
        className={letter.status === 'draft' || letter.status === 'changes_requested' ? 'button button--small button--primary' : 'button button--small'}
        onClick={() => setOpen(true)}
      >
        Request review
      </button>
      <Modal open={open} onClose={() => setOpen(false)} title="Request a review" testId="request-review-dialog">
        <RequestReviewForm
          letter={letter}
          onCancel={() => setOpen(false)}
          onRequested={(updated) => {
            setOpen(false);
            if (updated) onChange(updated);
          }}
        />
      </Modal>
    </span>
  );
}

interface RequestReviewFormProps {
  letter: Letter;
  onCancel(): void;
  /** Called after the request, with the refetched letter (null if that refetch failed). */
  onRequested(letter: Letter | null): void;
}

function RequestReviewForm({ letter, onCancel, onRequested }: RequestReviewFormProps) {
  const { user } = useSignedIn();
  const { result, retry } = useAsync(`request-review:${letter.id}`, async (signal) => {
    const [members, reviews] = await Promise.all([listMembers(letter.id, signal), listReviews(letter.id, signal)]);
    return reviewerOptions(members.members, user.id, reviews);
  });
  const options = result.state === 'ready' ? result.value : [];
  const available = options.filter((option) => !option.pending);
  const [picked, setPicked] = useState<string | null>(null);
  // With one possible reviewer, they are chosen already.
  const reviewerId = picked ?? (available.length === 1 ? (available[0]?.member.userId ?? '') : '');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const selectId = useId();
  const messageId = useId();
  const hintId = useId();
  const chosen = options.find((option) => option.member.userId === reviewerId)?.member;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    if (!reviewerId) return setError('Choose who should review the letter.');
    setBusy(true);
    setError(null);
    try {
      await requestReview(letter.id, reviewerId, message.trim());
    } catch (cause) {
      setError(`Review not requested. ${errorMessage(cause)}`);
      setBusy(false);
      return;
    }
    // The request may have moved the status; the letter notice would bring it too, a moment later.
    onRequested(await getLetter(letter.id).catch(() => null));
  }

  if (result.state === 'loading') return <p className="muted">Loading the people on this letter…</p>;
  if (result.state === 'error') {
    return (
      <div className="notice notice--error" role="alert">
        <p>Could not load the people on this letter. {errorMessage(result.error)}</p>
        <button type="button" className="button button--small" onClick={retry}>
          Try again
        </button>
      </div>
    );
  }
  if (options.length === 0) {
    return (
      <div className="stack">
        <p>Only people on the letter can review it. Share the letter with the reviewer first, then ask them here.</p>
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Close
          </button>
        </div>
      </div>
    );
  }

  return (
    <form className="stack" onSubmit={handleSubmit} noValidate>
      <p>They are notified in their inbox and the letter moves to “In review”. They finish by approving it or asking for changes.</p>
      <div>
        <label htmlFor={selectId}>Reviewer</label>
        <select
          id={selectId}
          className="review-form__select"
          value={reviewerId}
          onChange={(event) => setPicked(event.target.value)}
          aria-describedby={chosen ? hintId : undefined}
          autoFocus
        >
          <option value="">Choose a member…</option>
          {options.map(({ member, pending }) => (
            <option key={member.userId} value={member.userId} disabled={pending}>
              {pending ? `${member.name} (already asked)` : member.name}
            </option>
          ))}
        </select>
        {chosen && (
          <p className="field-hint review-form__hint" id={hintId}>
            {chosen.email} · {PROFESSION_LABEL[chosen.profession]} · {ROLE_LABEL[chosen.role]} on this letter. A reviewer can
            approve or ask for changes whatever their role.
          </p>
        )}
      </div>
      <div>
        <label htmlFor={messageId}>Message (optional)</label>
        <textarea
          id={messageId}
          className="review-form__text"
          rows={3}
          maxLength={ReviewLimits.maxMessageLength}
          value={message}
          placeholder="What should they look at?"
          onChange={(event) => setMessage(event.target.value)}
        />
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Requesting…' : 'Request review'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
