/**
 * The shared screen: which letter is on it, a read-only preview of it as everyone sees it (masked
 * on the server), and "End spotlight". The only letter text a facilitator ever sees here.
 */
import type { WorkshopState } from '../../../../shared/workshops';
import { lazy, Suspense } from 'react';
import { setSpotlight } from '../../api/workshops';
import { useActionRunner } from './useActionRunner';

// The renderer shares the editor's schema module (TipTap): loaded only when a letter is on screen.
const SpotlightPreview = lazy(() => import('./SpotlightPreview').then((module) => ({ default: module.SpotlightPreview })));

/** Props of SpotlightPanel. */
export interface SpotlightPanelProps {
  workshopId: string;
  state: WorkshopState;
  applyState(state: WorkshopState): void;
}

/** The spotlight section of the board. */
export function SpotlightPanel({ workshopId, state, applyState }: SpotlightPanelProps) {
  const { busy, error, run } = useActionRunner(applyState);
  const spotlight = state.spotlight;
  return (
    <section className="card workshop-panel" aria-labelledby="spotlight-title" data-testid="spotlight-panel">
      <h2 id="spotlight-title" className="workshop-panel__title">
        Shared screen
      </h2>
      {spotlight ? (
        <>
          <p>
            On screen: <strong>{spotlight.title}</strong> <span className="muted">by {spotlight.ownerName}, de-identified and read-only</span>
          </p>
          <div className="button-row">
            <button type="button" className="button" disabled={busy !== null || state.ended} onClick={() => void run('end', () => setSpotlight(workshopId, null))}>
              End spotlight
            </button>
          </div>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <Suspense fallback={<p className="muted loading">Loading the preview…</p>}>
            <SpotlightPreview key={spotlight.letterId} workshopId={workshopId} letterId={spotlight.letterId} />
          </Suspense>
        </>
      ) : (
        <p className="muted small">No letter is on the shared screen. Use “Spotlight” in a participant’s row to show their letter to everyone, de-identified.</p>
      )}
    </section>
  );
}
