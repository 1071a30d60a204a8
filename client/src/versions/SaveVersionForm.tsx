/** "Save version": names the letter's text as it is now (owners and editors, also on a sent letter). */
import { useId, useState, type FormEvent } from 'react';
import { VersionLimits, type VersionSummary } from '../../../shared/versions';
import { saveVersion } from '../api/versions';
import { errorMessage } from '../components/errorMessage';
import { validateVersionName } from './versionRules';

/** Props of SaveVersionForm. */
export interface SaveVersionFormProps {
  letterId: string;
  /** Why I may not save one, or null. */
  blockedReason: string | null;
  /** The id of the note beside the form that says why (it also covers restoring). */
  reasonId: string;
  onSaved(version: VersionSummary): void;
}

/** The name field and its button. */
export function SaveVersionForm({ letterId, blockedReason, reasonId, onSaved }: SaveVersionFormProps) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || blockedReason) return;
    const problem = validateVersionName(name);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      onSaved(await saveVersion(letterId, name.trim()));
      setName('');
    } catch (cause) {
      setError(`Version not saved. ${errorMessage(cause)}`);
    } finally {
      setBusy(false);
    }
  }

  const describedBy = [error ? errorId : '', blockedReason ? reasonId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <form className="version-save" onSubmit={handleSubmit} noValidate>
      <div className="version-save__row">
        <input
          aria-label="Version name"
          placeholder="e.g. Before the lawyer’s edits"
          value={name}
          maxLength={VersionLimits.maxNameLength}
          disabled={blockedReason !== null}
          onChange={(event) => setName(event.target.value)}
          aria-invalid={error !== null}
          aria-describedby={describedBy}
        />
        <button type="submit" className="button button--small button--primary" disabled={busy || blockedReason !== null} aria-describedby={describedBy}>
          {busy ? 'Saving…' : 'Save version'}
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
