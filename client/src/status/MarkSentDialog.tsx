/** Confirms marking a letter sent: shows the recipient from the case details and what sending does. */
import { useEffect, useState } from 'react';
import { Modal } from '../components/Modal';
import { errorMessage } from '../components/errorMessage';
import { formatCalendarDate, localToday } from '../dashboard/deadline';
import { fetchRecipient } from './recipient';

/** Props of MarkSentDialog. */
export interface MarkSentDialogProps {
  open: boolean;
  letterId: string;
  busy: boolean;
  /** Why the last attempt failed, shown inside the dialog (the page behind it is inert). */
  error: string | null;
  onClose(): void;
  onConfirm(): void;
}

type Recipient = { state: 'loading' } | { state: 'ready'; line: string } | { state: 'error'; message: string };

/** The native-dialog confirmation before a letter is marked sent. */
export function MarkSentDialog({ open, letterId, busy, error, onClose, onConfirm }: MarkSentDialogProps) {
  return (
    <Modal open={open} onClose={onClose} title="Mark this letter as sent?" testId="mark-sent-dialog">
      <MarkSentBody letterId={letterId} busy={busy} error={error} onClose={onClose} onConfirm={onConfirm} />
    </Modal>
  );
}

function MarkSentBody({ letterId, busy, error, onClose, onConfirm }: Omit<MarkSentDialogProps, 'open'>) {
  const [recipient, setRecipient] = useState<Recipient>({ state: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    fetchRecipient(letterId, controller.signal).then(
      (line) => setRecipient({ state: 'ready', line }),
      (error: unknown) => {
        if (!controller.signal.aborted) setRecipient({ state: 'error', message: errorMessage(error) });
      },
    );
    return () => controller.abort();
  }, [letterId]);

  return (
    <div className="stack">
      <dl className="send-summary">
        <dt>Recipient</dt>
        <dd data-testid="send-recipient">
          {recipient.state === 'loading' && <span className="muted">Loading the case details…</span>}
          {recipient.state === 'ready' &&
            (recipient.line || <span className="muted">No recipient in the case details yet.</span>)}
          {recipient.state === 'error' && <span className="field-error">Could not load the recipient. {recipient.message}</span>}
        </dd>
        <dt>Date</dt>
        <dd>{formatCalendarDate(localToday())}</dd>
      </dl>
      <p>
        Casewrite keeps a copy of exactly what is sent. The letter then becomes read-only for everyone until an owner
        reopens it.
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button button--primary" disabled={busy} onClick={onConfirm} autoFocus>
          {busy ? 'Marking as sent…' : 'Mark as sent'}
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
