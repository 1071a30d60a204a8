/** Routes: `/` the letter list, `/letters/:id` a letter, anything else a 404. */
import { lazy, Suspense } from 'react';
import { Route, Switch } from 'wouter';
import { IdentityProvider } from './identity/IdentityContext';
import { LetterListPage } from './pages/LetterListPage';
import { NotFoundPage } from './pages/NotFoundPage';

// The editor (TipTap, ProseMirror, Yjs) is most of the bundle: the list page should not wait for it.
const LetterPage = lazy(() => import('./pages/LetterPage').then((module) => ({ default: module.LetterPage })));

/** The application root. */
export function App() {
  return (
    <IdentityProvider>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Switch>
        <Route path="/">
          <LetterListPage />
        </Route>
        <Route path="/letters/:id">
          {(params) => (
            <Suspense fallback={<p className="page muted">Opening letter…</p>}>
              <LetterPage key={params.id} id={params.id} />
            </Suspense>
          )}
        </Route>
        <Route>
          <NotFoundPage />
        </Route>
      </Switch>
    </IdentityProvider>
  );
}
