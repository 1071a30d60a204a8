/**
 * `/`: my letters (title, my role, status, deadline, last edited, who is on it and who is online),
 * searchable, filterable by status and sortable, and the form to start one.
 */
import { useState } from 'react';
import { Link } from 'wouter';
import type { LetterSummary } from '../../../shared/letters';
import { listLetters } from '../api/letters';
import { useAsync } from '../api/useAsync';
import { SiteHeader } from '../components/SiteHeader';
import { errorMessage } from '../components/errorMessage';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useRefreshWhileVisible } from '../components/useRefreshWhileVisible';
import { LetterFilters } from '../dashboard/LetterFilters';
import { LetterTable } from '../dashboard/LetterTable';
import { useLetterFilters, type LetterFilters as Filters } from '../dashboard/useLetterFilters';
import { CreateLetterForm } from './CreateLetterForm';

/** The dashboard. */
export function DashboardPage() {
  const filters = useLetterFilters();
  const { status, q, sort } = filters.query;
  const { result: letters, retry, refresh } = useAsync(`letters:${status ?? ''}:${sort}:${q}`, (signal) =>
    listLetters({ status, q, sort }, signal),
  );
  // While a new filter loads, the previous list stays on screen instead of flashing "Loading".
  const [shown, setShown] = useState<LetterSummary[] | null>(null);
  if (letters.state === 'ready' && shown !== letters.value) setShown(letters.value);
  useRefreshWhileVisible(refresh);
  useDocumentTitle('Your letters');

  return (
    <>
      <SiteHeader />
      <main className="page page--wide" id="main">
        <h1>Your letters</h1>
        <CreateLetterForm />
        <p className="dashboard-workshops">
          Drafting with a group? <Link href="/workshops">Guided drafting workshops</Link>: plan a session, or join one with a code.
        </p>
        <section aria-labelledby="list-title" aria-busy={letters.state === 'loading'}>
          <h2 id="list-title" className="section-title">
            Letters you are on
          </h2>
          <LetterFilters filters={filters} />
          {letters.state === 'loading' && shown === null && <p className="muted">Loading your letters…</p>}
          {letters.state === 'error' && (
            <div className="notice notice--error" role="alert">
              <p>Could not load your letters. {errorMessage(letters.error)}</p>
              <button type="button" className="button" onClick={retry}>
                Try again
              </button>
            </div>
          )}
          {letters.state !== 'error' && shown !== null && <LetterList letters={shown} filters={filters} />}
        </section>
      </main>
    </>
  );
}

function LetterList({ letters, filters }: { letters: LetterSummary[]; filters: Filters }) {
  if (letters.length > 0) return <LetterTable letters={letters} />;
  if (filters.filtered) {
    return (
      <div className="empty" data-testid="letters-no-match">
        <p className="empty__title">No letters match</p>
        <p className="muted">Nothing you are on matches these filters.</p>
        <button type="button" className="button" onClick={filters.clear}>
          Clear filters
        </button>
      </div>
    );
  }
  return (
    <div className="empty" data-testid="letters-empty">
      <p className="empty__title">No letters yet</p>
      <p className="muted">
        Start one above; it opens with the template’s sections ready to fill in. Letters others share with you appear
        here too.
      </p>
    </div>
  );
}
