/** `/letters/:id`: loads the letter's metadata, then opens the live editor. */
import { Link } from 'wouter';
import { getLetter } from '../api/letters';
import { ApiRequestError } from '../api/letters';
import { useAsync } from '../api/useAsync';
import { SiteHeader } from '../components/SiteHeader';
import { errorMessage } from '../components/errorMessage';
import { IdentityGate } from '../identity/IdentityGate';
import { LetterWorkspace } from './LetterWorkspace';
import { NotFoundPage } from './NotFoundPage';

/** The letter page for `id`. */
export function LetterPage({ id }: { id: string }) {
  const [letter, retry] = useAsync(`letter:${id}`, (signal) => getLetter(id, signal));

  if (letter.state === 'error' && letter.error instanceof ApiRequestError && [400, 404].includes(letter.error.status)) {
    return <NotFoundPage what="letter" />;
  }
  if (letter.state === 'ready') {
    return (
      <IdentityGate>
        <LetterWorkspace letter={letter.value} />
      </IdentityGate>
    );
  }
  return (
    <>
      <SiteHeader />
      <main className="page" id="main" aria-busy={letter.state === 'loading'}>
        <Link href="/" className="back-link">
          ← All letters
        </Link>
        {letter.state === 'loading' ? (
          <p className="muted">Opening letter…</p>
        ) : (
          <div className="notice notice--error" role="alert">
            <p>Could not open this letter. {errorMessage(letter.error)}</p>
            <button type="button" className="button" onClick={retry}>
              Try again
            </button>
          </div>
        )}
      </main>
    </>
  );
}
