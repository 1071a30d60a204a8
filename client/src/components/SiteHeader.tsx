/** The header on every page: the product name (home link) and the local identity. */
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { IdentityBadge } from '../identity/IdentityBadge';

/** The site header; `children` go between the brand and the identity (e.g. a letter's status). */
export function SiteHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        <span className="brand__mark" aria-hidden="true">
          C
        </span>
        Casewrite
      </Link>
      <div className="site-header__middle">{children}</div>
      <IdentityBadge />
    </header>
  );
}
