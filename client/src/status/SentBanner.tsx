/** Above a sent letter: when it was sent and to whom (`GET /api/letters/:id/sends`), and Reopen for owners. */
import { useState } from 'react';
import type { Letter, LetterSend } from '../../../shared/letters';
import { can } from '../../../shared/roles';
import { listSends, updateLetter } from '../api/letters';
import { useAsync } from '../api/useAsync';
import { errorMessage } from '../components/errorMessage';
import { formatDateTime } from '../components/formatDate';
import { SendRecordNote } from './SendCheckList';
import { statusErrorMessage } from './StatusControl';

/** Props of SentBanner. */
export interface SentBannerProps {
  letter: Letter;
  onChange(letter: Letter): void;
}

/** The newest send: the list is not promised in any order, so pick by date. */
export function latestSend(sends: readonly LetterSend[]): LetterSend | undefined {
  return sends.reduce<LetterSend | undefined>((latest, send) => (!latest || send.sentAt > latest.sentAt ? send : latest), undefined);
}

/** The "Sent on DATE to RECIPIENT" banner of a sent letter. */
export function SentBanner({ letter, onChange }: SentBannerProps) {
  const { result: sends, retry } = useAsync(`sends:${letter.id}:${letter.updatedAt}`, (signal) => listSends(letter.id, signal));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = sends.state === 'ready' ? latestSend(sends.value) : undefined;

  async function handleReopen() {
    setBusy(true);
    setError(null);
    try {
      onChange(await updateLetter(letter.id, { status: 'draft' }));
    } catch (cause) {
      setError(statusErrorMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="notice notice--sent sent-banner" data-testid="sent-banner" role="status">
      <div className="sent-banner__text">
        <p className="sent-banner__headline">
          {sends.state === 'loading' && 'Sent. Loading when and to whom…'}
          {sends.state === 'ready' && send && (
            <>
              Sent on <time dateTime={send.sentAt}>{formatDateTime(send.sentAt)}</time> to{' '}
              {send.recipient.trim() || 'a recipient not named in the case details'}
            </>
          )}
          {sends.state === 'ready' && !send && 'Sent.'}
          {sends.state === 'error' && (
            <>
              Sent. Could not load the send record. {errorMessage(sends.error)}{' '}
              <button type="button" className="link-button" onClick={retry}>
                Try again
              </button>
            </>
          )}
        </p>
        <p className="sent-banner__detail">
          {send ? `Marked as sent by ${send.sentBy.name}. ` : ''}
          The letter is read-only{can(letter.role, 'changeStatus') ? ' until you reopen it.' : ' until an owner reopens it.'}
        </p>
        {send && <SendRecordNote send={send} />}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      {can(letter.role, 'changeStatus') && (
        <button type="button" className="button button--small" disabled={busy} onClick={handleReopen}>
          {busy ? 'Reopening…' : 'Reopen'}
        </button>
      )}
    </div>
  );
}
