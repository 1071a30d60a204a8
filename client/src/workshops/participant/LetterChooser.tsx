/**
 * A participant without a letter in the workshop picks one: a new letter from the template (titled
 * after the workshop) or one of the letters they own. Either way the workshop records it.
 */
import { useId, useState, type FormEvent } from 'react';
import { STATUS_LABEL } from '../../../../shared/letters';
import type { Workshop } from '../../../../shared/workshops';
import { listLetters } from '../../api/letters';
import { useAsync } from '../../api/useAsync';
import { setParticipantLetter, type ParticipantLetterInput } from '../../api/workshops';
import { errorMessage } from '../../components/errorMessage';
import { formatDateTime } from '../../components/formatDate';
import { validateTitle } from '../../pages/CreateLetterForm';
import { defaultDraftTitle } from './participantRules';

/** Props of LetterChooser. */
export interface LetterChooserProps {
  workshop: Workshop;
  onWorkshopChange(workshop: Workshop): void;
}

/** Both choices, side by side. */
export function LetterChooser({ workshop, onWorkshopChange }: LetterChooserProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function choose(input: ParticipantLetterInput) {
    setBusy(true);
    setError(null);
    try {
      onWorkshopChange(await setParticipantLetter(workshop.id, input));
    } catch (cause) {
      setError(errorMessage(cause));
      setBusy(false);
    }
  }

  return (
    <div className="letter-chooser" data-testid="letter-chooser">
      <h1>Your letter for this workshop</h1>
      <p className="muted">Draft your own letter while the facilitator guides the group. Pick where to start:</p>
      {error && (
        <p className="notice notice--error" role="alert">
          Could not set up your letter. {error}
        </p>
      )}
      <div className="letter-chooser__options">
        <NewLetterOption workshop={workshop} busy={busy} onChoose={(title) => void choose({ mode: 'new', title })} />
        <ExistingLetterOption busy={busy} onChoose={(letterId) => void choose({ mode: 'attach', letterId })} />
      </div>
    </div>
  );
}

function NewLetterOption({ workshop, busy, onChoose }: { workshop: Workshop; busy: boolean; onChoose(title: string): void }) {
  const [title, setTitle] = useState(() => defaultDraftTitle(workshop.title));
  const [titleError, setTitleError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const problem = validateTitle(title);
    setTitleError(problem);
    if (problem === null) onChoose(title.trim());
  }

  return (
    <section className="card letter-chooser__option" aria-labelledby={`${inputId}-heading`}>
      <h2 className="section-title" id={`${inputId}-heading`}>
        Start a new letter from the template
      </h2>
      <p className="muted">The usual sections and checklist of a medical advocacy letter, ready to fill in.</p>
      <form onSubmit={handleSubmit} noValidate>
        <label htmlFor={inputId}>Title</label>
        <input
          id={inputId}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          aria-invalid={titleError !== null}
          aria-describedby={titleError ? errorId : undefined}
        />
        {titleError && (
          <p className="field-error" id={errorId}>
            {titleError}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            Start a new letter
          </button>
        </div>
      </form>
    </section>
  );
}

function ExistingLetterOption({ busy, onChoose }: { busy: boolean; onChoose(letterId: string): void }) {
  const headingId = useId();
  const { result, retry } = useAsync('workshop-chooser:my-letters', (signal) => listLetters({}, signal));
  // Only letters I own: the workshop's letter is the one I draft, and the server accepts nothing else.
  const owned = result.state === 'ready' ? result.value.filter((letter) => letter.role === 'owner') : [];

  return (
    <section className="card letter-chooser__option" aria-labelledby={headingId} aria-busy={result.state === 'loading'}>
      <h2 className="section-title" id={headingId}>
        Use one of my letters
      </h2>
      {result.state === 'loading' && <p className="muted">Loading your letters…</p>}
      {result.state === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>Could not load your letters. {errorMessage(result.error)}</p>
          <button type="button" className="button button--small" onClick={retry}>
            Try again
          </button>
        </div>
      )}
      {result.state === 'ready' && owned.length === 0 && <p className="muted">You own no letters yet: start a new one.</p>}
      {owned.length > 0 && (
        <ul className="letter-chooser__list">
          {owned.map((letter) => (
            <li key={letter.id} className="letter-chooser__item">
              <span className="letter-chooser__title" id={`${headingId}-${letter.id}`}>
                {letter.title}
              </span>
              <span className="muted letter-chooser__meta">
                {STATUS_LABEL[letter.status]} · edited {formatDateTime(letter.updatedAt)}
              </span>
              <button type="button" className="button button--small" disabled={busy} aria-describedby={`${headingId}-${letter.id}`} onClick={() => onChoose(letter.id)}>
                Use this letter
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
