/** The header on every page: the product name (home link), page-specific middle, workshops, the inbox and the account menu. */
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { InboxButton } from '../inbox/InboxButton';
import { AccountMenu } from '../session/AccountMenu';
import { useSession } from '../session/SessionContext';

/** The site header; `children` go between the brand and the account (e.g. a letter's sync status). */
export function SiteHeader({ children }: { children?: ReactNode }) {
  const { state } = useSession();
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        <span className="brand__mark" aria-hidden="true">
          C
        </span>
        Casewrite
      </Link>
      <div className="site-header__middle">{children}</div>
      {state.status === 'signed-in' && (
        <Link href="/workshops" className="site-header__link">
          Workshops
        </Link>
      )}
      {state.status === 'signed-in' && <InboxButton />}
      {state.status === 'signed-in' && <AccountMenu user={state.user} color={state.color} />}
    </header>
  );
}
