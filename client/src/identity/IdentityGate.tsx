/** Asks for a display name before showing anything collaborative. */
import type { ReactNode } from 'react';
import { SiteHeader } from '../components/SiteHeader';
import { useIdentity } from './IdentityContext';
import { NameForm } from './NameForm';

/** Renders `children` once the user has a name; until then, a friendly one-field prompt. */
export function IdentityGate({ children }: { children: ReactNode }) {
  const { identity, setName } = useIdentity();
  if (identity) return children;
  return (
    <>
      <SiteHeader />
      <main className="page page--narrow" id="main">
      <section className="card welcome" aria-labelledby="welcome-title">
        <h1 id="welcome-title">Welcome to Casewrite</h1>
        <p>
          Before you start: what should your co-authors call you? This stays in this browser and you can change it
          later.
        </p>
        <NameForm submitLabel="Continue" onSubmit={setName} />
      </section>
      </main>
    </>
  );
}
