/** `/`: the letters, newest activity first, and the form to start one. */
import { Link } from 'wouter';
import type { Letter } from '../../../shared/letters';
import { listLetters } from '../api/letters';
import { useAsync } from '../api/useAsync';
import { SiteHeader } from '../components/SiteHeader';
import { formatDateTime } from '../components/formatDate';
import { errorMessage } from '../components/errorMessage';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { CreateLetterForm } from './CreateLetterForm';

/** The letter list page. */
export function LetterListPage() {
  const [letters, retry] = useAsync('letters', listLetters);
  useDocumentTitle('Letters');

  return (
    <>
      <SiteHeader />
      <main className="page" id="main">
        <h1>Letters</h1>
        <CreateLetterForm />
        <section aria-labelledby="list-title" aria-busy={letters.state === 'loading'}>
          <h2 id="list-title" className="section-title">
            Your letters
          </h2>
          {letters.state === 'loading' && <p className="muted">Loading letters…</p>}
          {letters.state === 'error' && (
            <div className="notice notice--error" role="alert">
              <p>Could not load your letters. {errorMessage(letters.error)}</p>
              <button type="button" className="button" onClick={retry}>
                Try again
              </button>
            </div>
          )}
          {letters.state === 'ready' && <LetterTable letters={letters.value} />}
        </section>
      </main>
    </>
  );
}

function LetterTable({ letters }: { letters: Letter[] }) {
  if (letters.length === 0) {
    return (
      <div className="empty" data-testid="letters-empty">
        <p className="empty__title">No letters yet</p>
        <p className="muted">Create your first letter above; it opens with the template’s sections ready to fill in.</p>
      </div>
    );
  }
  const sorted = [...letters].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return (
    <ul className="letter-list" data-testid="letter-list">
      {sorted.map((letter) => (
        <li key={letter.id}>
          <Link href={`/letters/${letter.id}`} className="letter-list__link">
            <span className="letter-list__title">{letter.title}</span>
            <span className="letter-list__meta">Updated {formatDateTime(letter.updatedAt)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
