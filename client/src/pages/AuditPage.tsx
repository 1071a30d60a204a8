/**
 * `/letters/:id/audit` (owners) and `/admin/audit` (administrators): who did what and when, newest
 * first, filterable by action, with "Load older" paging and a CSV download of the same filter.
 */
import { useState } from 'react';
import { Link } from 'wouter';
import { AUDIT_ACTIONS, type AuditEntry } from '../../../shared/audit';
import { AUDIT_PAGE_SIZE, auditCsvUrl, listAudit, type AuditQuery } from '../api/audit';
import { ApiRequestError } from '../api/http';
import { getLetter } from '../api/letters';
import { useAsync } from '../api/useAsync';
import { SiteHeader } from '../components/SiteHeader';
import { errorMessage, isNotFound } from '../components/errorMessage';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { AUDIT_ACTION_LABEL } from './auditLabels';
import { AuditTable } from './AuditTable';
import { NotFoundPage } from './NotFoundPage';


/** The audit page: a letter's log with `letterId`, everything without. */
export function AuditPage({ letterId }: { letterId?: string }) {
  const [action, setAction] = useState('');
  const letter = useAsync(`audit-letter:${letterId ?? ''}`, (signal) => (letterId ? getLetter(letterId, signal) : Promise.resolve(null)));
  const title = letter.result.state === 'ready' && letter.result.value ? `Audit log: ${letter.result.value.title}` : 'Audit log';
  useDocumentTitle(title);

  if (letter.result.state === 'error' && isNotFound(letter.result.error)) return <NotFoundPage what="letter" />;
  const query: AuditQuery = { letterId, action: action || undefined };

  return (
    <>
      <SiteHeader />
      <main className="page page--wide" id="main">
        {letterId ? (
          <Link href={`/letters/${letterId}`} className="back-link">
            ← Back to the letter
          </Link>
        ) : (
          <Link href="/" className="back-link">
            ← All letters
          </Link>
        )}
        <h1>{title}</h1>
        <p className="muted">
          {letterId
            ? 'Who opened, shared and changed this letter, newest first. The log never contains the letter’s text.'
            : 'Everything that happened on this Casewrite server, newest first. The log never contains letter text or passwords.'}
        </p>
        <div className="audit-toolbar">
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" value={action} onChange={(event) => setAction(event.target.value)}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((value) => (
              <option key={value} value={value}>
                {AUDIT_ACTION_LABEL[value]}
              </option>
            ))}
          </select>
          <a className="button button--small" href={auditCsvUrl(query)} download data-testid="audit-csv">
            Download CSV
          </a>
        </div>
        <AuditEntries key={`${letterId ?? 'all'}:${action}`} query={query} />
      </main>
    </>
  );
}

/** The entries for one filter, with paging; remounted (by key) when the filter changes. */
function AuditEntries({ query }: { query: AuditQuery }) {
  const first = useAsync(`audit:${query.letterId ?? ''}:${query.action ?? ''}`, (signal) => listAudit(query, signal));
  const [older, setOlder] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState<{ busy: boolean; done: boolean; error: string | null }>({ busy: false, done: false, error: null });

  if (first.result.state === 'loading') return <p className="muted">Loading the log…</p>;
  if (first.result.state === 'error') {
    const forbidden = first.result.error instanceof ApiRequestError && first.result.error.status === 403;
    return (
      <div className="notice notice--error" role="alert">
        <p>{forbidden ? 'Only the letter’s owners and administrators can see this log.' : `Could not load the log. ${errorMessage(first.result.error)}`}</p>
        {!forbidden && (
          <button type="button" className="button" onClick={first.retry}>
            Try again
          </button>
        )}
      </div>
    );
  }

  const entries = [...first.result.value, ...older];
  const exhausted = more.done || first.result.value.length < AUDIT_PAGE_SIZE;

  async function handleLoadMore() {
    const last = entries[entries.length - 1];
    if (!last) return;
    setMore({ busy: true, done: false, error: null });
    try {
      const page = await listAudit({ ...query, before: last.id });
      setOlder((current) => [...current, ...page]);
      setMore({ busy: false, done: page.length < AUDIT_PAGE_SIZE, error: null });
    } catch (cause) {
      setMore({ busy: false, done: false, error: errorMessage(cause) });
    }
  }

  if (entries.length === 0) {
    return (
      <div className="empty" data-testid="audit-empty">
        <p className="empty__title">Nothing logged{query.action ? ' for this action' : ''} yet</p>
      </div>
    );
  }
  return (
    <>
      <AuditTable entries={entries} showLetter={!query.letterId} />
      {!exhausted && (
        <p>
          <button type="button" className="button" onClick={handleLoadMore} disabled={more.busy}>
            {more.busy ? 'Loading…' : 'Load older entries'}
          </button>
        </p>
      )}
      {more.error && (
        <p className="field-error" role="alert">
          {more.error}
        </p>
      )}
    </>
  );
}
