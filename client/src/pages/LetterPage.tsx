/** `/letters/:id`: loads the letter and my role on it, then opens the live workspace. */
import { Link } from 'wouter';
import { getLetter } from '../api/letters';
import { useAsync } from '../api/useAsync';
import { SiteHeader } from '../components/SiteHeader';
import { errorMessage, isNotFound } from '../components/errorMessage';
import { LetterWorkspace } from './LetterWorkspace';
import { NotFoundPage } from './NotFoundPage';

/** The letter page for `id`. */
export function LetterPage({ id }: { id: string }) {
  const { result: letter, retry } = useAsync(`letter:${id}`, (signal) => getLetter(id, signal));

  if (letter.state === 'error' && isNotFound(letter.error)) return <NotFoundPage what="letter" />;
  if (letter.state === 'ready') return <LetterWorkspace initialLetter={letter.value} />;
  return (
    <>
      <SiteHeader />
      <main className="page" id="main" aria-busy={letter.state === 'loading'}>
        <Link href="/" className="back-link">
          ← All letters
        </Link>
        {letter.state === 'loading' ? (
          <p className="muted loading">Opening letter…</p>
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
