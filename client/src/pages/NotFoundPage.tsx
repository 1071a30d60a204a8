/** Shown for unknown routes and for letters that do not exist (or are not shared with you). */
import { Link } from 'wouter';
import { SiteHeader } from '../components/SiteHeader';
import { useDocumentTitle } from '../components/useDocumentTitle';

/** The 404 page. */
export function NotFoundPage({ what = 'page' }: { what?: 'page' | 'letter' }) {
  useDocumentTitle('Not found');
  return (
    <>
      <SiteHeader />
      <main className="page page--narrow" id="main">
        <section className="card" data-testid="not-found">
          <h1>{what === 'letter' ? 'Letter not found' : 'Page not found'}</h1>
          <p>
            {what === 'letter'
              ? 'This letter does not exist, or it has not been shared with you. Check the link you were sent.'
              : 'There is nothing at this address.'}
          </p>
          <p>
            <Link href="/" className="button">
              Go to your letters
            </Link>
          </p>
        </section>
      </main>
    </>
  );
}
