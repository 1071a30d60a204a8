/** The frame of the sign-in, sign-up and invite pages: the header and one calm card. */
import type { ReactNode } from 'react';
import { SiteHeader } from '../components/SiteHeader';

/** A narrow page with one card titled `title`. */
export function AuthLayout({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <SiteHeader />
      <main className="page page--narrow" id="main">
        <section className="card auth-card" aria-labelledby="auth-title" data-testid={testId}>
          <h1 id="auth-title">{title}</h1>
          {children}
        </section>
      </main>
    </>
  );
}
