/** Shows its children only to signed-in people; everyone else goes to sign-in and comes back after. */
import type { ReactNode } from 'react';
import { Redirect, useLocation, useSearch } from 'wouter';
import { errorMessage } from '../components/errorMessage';
import { signInPath } from './nextPath';
import { useSession } from './SessionContext';

/** The gate around every page that needs an account. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state, reload } = useSession();
  const [location] = useLocation();
  const search = useSearch();

  if (state.status === 'signed-in') return children;
  if (state.status === 'signed-out') return <Redirect to={signInPath(search ? `${location}?${search}` : location)} replace />;
  return (
    <main className="page page--narrow" id="main" aria-busy={state.status === 'loading'}>
      {state.status === 'loading' ? (
        <p className="muted loading">Loading…</p>
      ) : (
        <div className="notice notice--error" role="alert">
          <p>Could not check whether you are signed in. {errorMessage(state.error)}</p>
          <button type="button" className="button" onClick={reload}>
            Try again
          </button>
        </div>
      )}
    </main>
  );
}
