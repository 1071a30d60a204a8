/**
 * A letter's review status, and for owners the next steps STATUS_TRANSITIONS allows, as buttons.
 * Marking sent asks for confirmation first; reopening a sent letter lives in the sent banner.
 */
import { useState } from 'react';
import { STATUS_LABEL, type Letter, type LetterStatus } from '../../../shared/letters';
import { can } from '../../../shared/roles';
import { ApiRequestError } from '../api/http';
import { updateLetter } from '../api/letters';
import { errorMessage } from '../components/errorMessage';
import { MarkSentDialog } from './MarkSentDialog';
import { statusActions } from './statusActions';

/** Props of StatusControl. */
export interface StatusControlProps {
  letter: Letter;
  onChange(letter: Letter): void;
}

/** Why a status change failed, in plain words. */
export function statusErrorMessage(error: unknown): string {
  if (error instanceof ApiRequestError && error.code === 'send_check_changed') {
    return `Not sent yet. ${error.message}`;
  }
  if (error instanceof ApiRequestError && error.code === 'invalid_transition') {
    return `That step is not possible from the letter’s current status. ${error.message} Reload the page to see where it stands now.`;
  }
  return `Status not changed. ${errorMessage(error)}`;
}

/** The status pill and, for owners, the status actions. */
export function StatusControl({ letter, onChange }: StatusControlProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  // Bumped when the server finds the outstanding list changed: the dialog reads it again.
  const [sendCheckKey, setSendCheckKey] = useState(0);
  const actions = can(letter.role, 'changeStatus') && letter.status !== 'sent' ? statusActions(letter.status) : [];

  async function changeStatus(status: LetterStatus, acknowledged?: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      onChange(await updateLetter(letter.id, { status, acknowledged }));
      return true;
    } catch (cause) {
      if (cause instanceof ApiRequestError && cause.code === 'send_check_changed') setSendCheckKey((key) => key + 1);
      setError(statusErrorMessage(cause));
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="status-control">
      <span className="status-control__current">
        <span className="status-control__label">Status</span>
        <span className={`status-pill status-pill--${letter.status}`} data-testid="letter-status">
          {STATUS_LABEL[letter.status]}
        </span>
      </span>
      {actions.length > 0 && (
        <span className="status-control__actions" role="group" aria-label="Change status">
          {actions.map((action) => (
            <button
              key={action.to}
              type="button"
              className={action.forward ? 'button button--small button--primary' : 'button button--small'}
              disabled={busy}
              onClick={() => {
                if (action.to !== 'sent') return void changeStatus(action.to);
                setError(null);
                setConfirmOpen(true);
              }}
            >
              {action.label}
            </button>
          ))}
        </span>
      )}
      {error && !confirmOpen && (
        <p className="field-error status-control__error" role="alert">
          {error}
        </p>
      )}
      <MarkSentDialog
        open={confirmOpen}
        letterId={letter.id}
        busy={busy}
        error={error}
        checkKey={sendCheckKey}
        onClose={() => {
          setConfirmOpen(false);
          setError(null);
        }}
        onConfirm={async (acknowledged) => {
          if (await changeStatus('sent', acknowledged)) setConfirmOpen(false);
        }}
      />
    </div>
  );
}
