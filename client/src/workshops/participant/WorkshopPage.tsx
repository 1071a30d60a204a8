/** The page frame of a participant's screens that have no letter workspace (which brings its own). */
import type { ReactNode } from 'react';
import { SiteHeader } from '../../components/SiteHeader';

/** Site header and main landmark, at the workspace's width so the bar does not jump. */
export function WorkshopPage({ busy = false, children }: { busy?: boolean; children: ReactNode }) {
  return (
    <>
      <SiteHeader />
      <main className="page page--wide workshop-page" id="main" aria-busy={busy}>
        {children}
      </main>
    </>
  );
}
