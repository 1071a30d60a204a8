/** The letter's one sync status, shown in the header and announced to screen readers when it matters. */
import { useEffect, useRef, useState } from 'react';
import { SYNC_STATUS_DETAIL, SYNC_STATUS_LABEL, type SyncStatus } from '../sync/saveState';

/**
 * What a screen reader should hear when the status moves from `previous` to `next`, or null.
 * Saving/saved alternate with every pause in typing; announcing that would drown the user, so
 * only losing the connection, getting it back, being refused, and a failure to store (and its
 * end) are spoken.
 */
export function statusAnnouncement(previous: SyncStatus | null, next: SyncStatus): string | null {
  if (next === previous) return null;
  if (next === 'offline') return `Offline. ${SYNC_STATUS_DETAIL.offline ?? ''}`.trim();
  if (next === 'closed') return 'Not connected. Changes can no longer be saved.';
  if (next === 'unsaved') return `Not saved. ${SYNC_STATUS_DETAIL.unsaved ?? ''}`.trim();
  if (previous === 'unsaved' && next === 'saved') return 'All changes saved.';
  if (previous === 'offline' && (next === 'saving' || next === 'saved')) return 'Back online. Syncing your edits.';
  return null;
}

/** Shows the status; `data-status` is the stable hook for tests and styling. */
export function SyncStatusBadge({ status }: { status: SyncStatus }) {
  const detail = SYNC_STATUS_DETAIL[status];
  const previous = useRef<SyncStatus | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    const message = statusAnnouncement(previous.current, status);
    previous.current = status;
    if (message) setAnnouncement(message);
  }, [status]);

  return (
    <>
      <div className={`sync-status sync-status--${status}`} data-testid="sync-status" data-status={status}>
        <span className="sync-status__dot" aria-hidden="true" />
        <span className="sync-status__label">{SYNC_STATUS_LABEL[status]}</span>
        {detail && <span className="sync-status__detail"> {detail}</span>}
      </div>
      <div role="status" className="visually-hidden">
        {announcement}
      </div>
    </>
  );
}
