/**
 * The letter's heading: its title (renamable by owners and editors unless sent), its review status
 * with the owners' status actions and "Request review", my role, the export links, the buttons to share it and, for
 * owners, to see its audit log; and for a sent letter, when and to whom it was sent.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import type { Letter } from '../../../shared/letters';
import { ROLE_LABEL, can } from '../../../shared/roles';
import { updateLetter } from '../api/letters';
import { errorMessage } from '../components/errorMessage';
import { ExportButtons } from '../export/ExportButtons';
import { RequestReviewButton } from '../review/RequestReviewButton';
import { SentBanner } from '../status/SentBanner';
import { StatusControl } from '../status/StatusControl';
import { validateTitle } from './CreateLetterForm';

/** Props of LetterHeading. */
export interface LetterHeadingProps {
  letter: Letter;
  onChange(letter: Letter): void;
  onOpenShare(): void;
}

/** The heading row of the letter page. */
export function LetterHeading({ letter, onChange, onOpenShare }: LetterHeadingProps) {
  const [renaming, setRenaming] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  // Set when the rename form closes, so focus goes back to the Rename button rather than the page.
  const refocus = useRef(false);
  const isOwner = can(letter.role, 'manageMembers');

  useEffect(() => {
    if (renaming || !refocus.current) return;
    refocus.current = false;
    renameButton.current?.focus();
  }, [renaming]);
  return (
    <div className="letter-heading">
      {renaming ? (
        <RenameForm
          letter={letter}
          onDone={(renamed) => {
            if (renamed) onChange(renamed);
            refocus.current = true;
            setRenaming(false);
          }}
        />
      ) : (
        <div className="letter-heading__title-row">
          <h1 className="letter-title">{letter.title}</h1>
          {can(letter.role, 'editTitle') && !letter.frozen && (
            <button type="button" className="link-button" ref={renameButton} onClick={() => setRenaming(true)}>
              Rename
            </button>
          )}
        </div>
      )}
      <StatusControl letter={letter} onChange={onChange} />
      {can(letter.role, 'changeStatus') && letter.status !== 'sent' && <RequestReviewButton letter={letter} onChange={onChange} />}
      <div className="letter-heading__meta">
        <span className="muted" data-testid="my-role">
          You are {letter.role === 'owner' || letter.role === 'editor' ? 'an' : 'a'} {ROLE_LABEL[letter.role].toLowerCase()}
        </span>
        <span className="letter-heading__actions">
          {!letter.deidentified && <ExportButtons letterId={letter.id} />}
          {can(letter.role, 'viewAudit') && (
            <Link href={`/letters/${letter.id}/audit`} className="button button--small">
              Audit log
            </Link>
          )}
          <button type="button" className="button button--small button--primary" onClick={onOpenShare}>
            {isOwner ? 'Share' : 'People'}
          </button>
        </span>
      </div>
      {letter.status === 'sent' && <SentBanner letter={letter} onChange={onChange} />}
    </div>
  );
}

function RenameForm({ letter, onDone }: { letter: Letter; onDone(renamed: Letter | null): void }) {
  const [title, setTitle] = useState(letter.title);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const errorId = useId();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = validateTitle(title);
    setError(problem);
    if (problem !== null || busy) return;
    if (title.trim() === letter.title) return onDone(null);
    setBusy(true);
    try {
      onDone(await updateLetter(letter.id, { title: title.trim() }));
    } catch (cause) {
      setError(errorMessage(cause));
      setBusy(false);
    }
  }

  return (
    <form className="rename-form" onSubmit={handleSubmit} noValidate>
      <label htmlFor={inputId} className="visually-hidden">
        Letter title
      </label>
      <div className="rename-form__row">
        <input
          id={inputId}
          value={title}
          autoFocus
          onChange={(event) => setTitle(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            // Escape cancels the rename only; the page and the dialogs around it do not see it.
            event.preventDefault();
            event.stopPropagation();
            onDone(null);
          }}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save title'}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)}>
          Cancel
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
