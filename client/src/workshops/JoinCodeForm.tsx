/** "Join with a code": checks the code's shape, joins, and opens the workshop. */
import { useId, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { ApiRequestError } from '../api/http';
import { joinWorkshop } from '../api/workshops';
import { errorMessage } from '../components/errorMessage';
import { normalizeJoinCode, validateJoinCode } from './workshopForms';

/** What went wrong joining, in words for a participant. */
export function joinErrorMessage(error: unknown, code: string): string {
  if (error instanceof ApiRequestError) {
    if (error.code === 'unknown_code' || error.status === 404) return `No workshop has the code ${code}. Check it with your facilitator.`;
    if (error.code === 'workshop_ended') return 'That workshop has ended; it can no longer be joined.';
  }
  return errorMessage(error);
}

/** The form; `initialCode` pre-fills it (e.g. after a join link failed). */
export function JoinCodeForm({ initialCode = '', heading = 'Join with a code' }: { initialCode?: string; heading?: string }) {
  const [, navigate] = useLocation();
  const [code, setCode] = useState(initialCode);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();
  const hintId = useId();
  const errorId = useId();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const normalized = normalizeJoinCode(code);
    const problem = validateJoinCode(normalized);
    setError(problem);
    if (problem !== null || busy) return;
    setBusy(true);
    try {
      const workshop = await joinWorkshop(normalized);
      navigate(`/workshops/${workshop.id}`);
    } catch (cause) {
      setError(joinErrorMessage(cause, normalized));
      setBusy(false);
    }
  }

  return (
    <form className="card join-form" onSubmit={handleSubmit} noValidate aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <p id={hintId} className="field-hint">
        The six-character code your facilitator shows, e.g. K7M2PQ.
      </p>
      <div className="create-form__row">
        <input
          aria-label="Join code"
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          aria-invalid={error !== null}
          className="join-form__input"
          value={code}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={12}
          onChange={(event) => setCode(event.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Joining…' : 'Join'}
        </button>
      </div>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
