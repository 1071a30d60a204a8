/** The small form in which a user says what collaborators should call them. */
import { useId, useState, type FormEvent } from 'react';
import { PresenceLimits } from '../../../shared/limits';
import { validateDisplayName } from './identity';

/** Props of NameForm. */
export interface NameFormProps {
  initialName?: string;
  submitLabel: string;
  onSubmit(name: string): void;
  onCancel?: () => void;
}

/** A labelled name field with inline validation; the typed text is never discarded on error. */
export function NameForm({ initialName = '', submitLabel, onSubmit, onCancel }: NameFormProps) {
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();
  const hintId = useId();

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = validateDisplayName(name);
    setError(problem);
    if (problem === null) onSubmit(name);
  }

  return (
    <form className="name-form" onSubmit={handleSubmit} noValidate>
      <label htmlFor={inputId}>Your name</label>
      <p id={hintId} className="field-hint">
        Shown to others next to your cursor, for example “Dr. Amara Okafor”. Up to {PresenceLimits.maxNameLength}{' '}
        characters.
      </p>
      <input
        id={inputId}
        name="name"
        autoComplete="name"
        autoFocus
        value={name}
        onChange={(event) => setName(event.target.value)}
        aria-invalid={error !== null}
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
      />
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
