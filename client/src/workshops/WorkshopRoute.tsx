/**
 * `/workshops/:id`: loads the workshop and follows its live state, then shows the facilitator's
 * board or the participant's view (which brings its own page frame and the editor, loaded lazily).
 */
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import type { Workshop } from '../../../shared/workshops';
import { getWorkshop } from '../api/workshops';
import { useAsync } from '../api/useAsync';
import { SiteHeader } from '../components/SiteHeader';
import { errorMessage, isNotFound } from '../components/errorMessage';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { FacilitatorBoard } from './facilitator/FacilitatorBoard';
import { formatWorkshopDate } from './formatWorkshopDate';
import { useWorkshopState, type WorkshopStreamStatus } from './useWorkshopState';

// The participant's view carries the editor (TipTap, Yjs): facilitators should not wait for it.
const ParticipantView = lazy(() => import('./participant/ParticipantView').then((module) => ({ default: module.ParticipantView })));

const STREAM_LABEL: Record<WorkshopStreamStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

/** The workshop page for `id`. */
export function WorkshopRoute({ id }: { id: string }) {
  const { result, retry, refresh } = useAsync(`workshop:${id}`, (signal) => getWorkshop(id, signal));
  const { state, status, clockOffsetMs, applyState } = useWorkshopState(id);
  // Edits (agenda, attached letter) replace the loaded workshop until the next load.
  const [loaded, setLoaded] = useState<Workshop | null>(null);
  const [workshop, setWorkshop] = useState<Workshop | null>(null);
  if (result.state === 'ready' && loaded !== result.value) {
    setLoaded(result.value);
    setWorkshop(result.value);
  }
  useDocumentTitle(workshop?.title ?? 'Workshop');

  if (workshop && workshop.role === 'participant') {
    if (!state) return <Frame busy>
        <p className="muted loading">Connecting to the session…</p>
      </Frame>;
    return (
      <Suspense fallback={<Frame busy>
        <p className="muted loading">Opening your workspace…</p>
      </Frame>}>
        <ParticipantView workshop={workshop} state={state} clockOffsetMs={clockOffsetMs} onWorkshopChange={setWorkshop} />
      </Suspense>
    );
  }

  if (!workshop) {
    if (result.state === 'error') {
      return (
        <Frame>
          <div className="notice notice--error" role="alert">
            {isNotFound(result.error) ? (
              <p>This workshop does not exist, or you have not joined it. Ask the facilitator for the join code.</p>
            ) : (
              <p>Could not open the workshop. {errorMessage(result.error)}</p>
            )}
            <p className="button-row">
              {!isNotFound(result.error) && (
                <button type="button" className="button" onClick={retry}>
                  Try again
                </button>
              )}
              <Link href="/workshops" className="button">
                Your workshops
              </Link>
            </p>
          </div>
        </Frame>
      );
    }
    return <Frame busy>
        <p className="muted loading">Opening the workshop…</p>
      </Frame>;
  }

  const ended = Boolean(state?.ended ?? workshop.endedAt);
  return (
    <>
      <SiteHeader>
        <span className={`stream-status stream-status--${status}`} role="status" data-testid="stream-status">
          <span className="stream-status__dot" aria-hidden="true" />
          {STREAM_LABEL[status]}
        </span>
      </SiteHeader>
      <main className="page page--full workshop-facilitator" id="main">
        <Link href="/workshops" className="back-link">
          ← Your workshops
        </Link>
        <div className="workshop-title">
          <h1>{workshop.title}</h1>
          <p className="muted">
            {formatWorkshopDate(workshop.date)} · You are facilitating
          </p>
        </div>
        {ended && (
          <div className="notice notice--info" role="status" data-testid="workshop-ended">
            <p>This workshop has ended. Participants keep their letters; partners no longer see each other’s.</p>
          </div>
        )}
        {state ? (
          <FacilitatorBoard workshop={workshop} state={state} clockOffsetMs={clockOffsetMs} applyState={applyState} onWorkshopChange={setWorkshop} onReload={refresh} />
        ) : (
          <p className="muted loading">Connecting to the live session…</p>
        )}
      </main>
    </>
  );
}

/** Header and main around a loading or error message. */
function Frame({ busy = false, children }: { busy?: boolean; children: ReactNode }) {
  return (
    <>
      <SiteHeader />
      <main className="page page--narrow" id="main" aria-busy={busy}>
        {children}
      </main>
    </>
  );
}
