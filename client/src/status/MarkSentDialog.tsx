/**
 * Confirms marking a letter sent: shows the recipient from the case details, what is still
 * outstanding (unticked checklist items, open threads, pending reviews, empty sections) and what
 * sending does. Outstanding things never block sending; confirming acknowledges the list shown,
 * which the send record keeps.
 */
import { useEffect, useId, useState } from 'react';
import { outstandingCount, type SendCheck } from '../../../shared/sendCheck';
import { getSendCheck } from '../api/letters';
import { useAsync } from '../api/useAsync';
import { Modal } from '../components/Modal';
import { errorMessage } from '../components/errorMessage';
import { formatCalendarDate, localToday } from '../dashboard/deadline';
import { fetchRecipient } from './recipient';
import { SendCheckList } from './SendCheckList';

/** Props of MarkSentDialog. */
export interface MarkSentDialogProps {
  open: boolean;
  letterId: string;
  busy: boolean;
  /** Why the last attempt failed, shown inside the dialog (the page behind it is inert). */
  error: string | null;
  /** Changes when the list must be read again (the server found it changed). */
  checkKey: number;
  onClose(): void;
  /** Confirms, acknowledging the list whose fingerprint is given. */
  onConfirm(acknowledged: string): void;
}

type Recipient = { state: 'loading' } | { state: 'ready'; line: string } | { state: 'error'; message: string };

/** The native-dialog confirmation before a letter is marked sent. */
export function MarkSentDialog({ open, letterId, busy, error, checkKey, onClose, onConfirm }: MarkSentDialogProps) {
  return (
    <Modal open={open} onClose={onClose} title="Mark this letter as sent?" testId="mark-sent-dialog">
      <MarkSentBody letterId={letterId} busy={busy} error={error} checkKey={checkKey} onClose={onClose} onConfirm={onConfirm} />
    </Modal>
  );
}

function MarkSentBody({ letterId, busy, error, checkKey, onClose, onConfirm }: Omit<MarkSentDialogProps, 'open'>) {
  const [recipient, setRecipient] = useState<Recipient>({ state: 'loading' });
  const titleId = useId();
  const { result: check, retry } = useAsync(`send-check:${letterId}:${checkKey}`, (signal) => getSendCheck(letterId, signal));

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

  const shown: SendCheck | null = check.state === 'ready' ? check.value : null;
  const outstanding = shown ? outstandingCount(shown) : 0;

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
      <section className="send-check-panel" aria-labelledby={titleId} aria-busy={check.state === 'loading'} data-testid="send-check">
        <h3 id={titleId} className="send-check-panel__title">
          Still outstanding
        </h3>
        {check.state === 'loading' && <p className="muted">Checking the checklist, comments, reviews and sections…</p>}
        {check.state === 'error' && (
          <p className="field-error">
            Could not check what is outstanding. {errorMessage(check.error)}{' '}
            <button type="button" className="link-button" onClick={retry}>
              Try again
            </button>
          </p>
        )}
        {shown && outstanding === 0 && (
          <p data-testid="send-check-clear">Nothing outstanding: every checklist item is ticked, no comment thread is open, no review is awaited and no section is empty.</p>
        )}
        {shown && outstanding > 0 && (
          <>
            <p>You can still mark it sent. Casewrite records that you saw this list.</p>
            <SendCheckList items={shown} testId="send-check-list" />
          </>
        )}
      </section>
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
        <button type="button" className="button button--primary" disabled={busy || !shown} onClick={() => shown && onConfirm(shown.fingerprint)}>
          {busy ? 'Marking as sent…' : outstanding > 0 ? 'Mark sent anyway' : 'Mark as sent'}
        </button>
        <button type="button" className="button" onClick={onClose} autoFocus>
          Cancel
        </button>
      </div>
    </div>
  );
}
