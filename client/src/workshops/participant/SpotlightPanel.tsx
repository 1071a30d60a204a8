/**
 * "On the shared screen": the letter the facilitator shows everyone, de-identified by the server and
 * rendered read-only (no editor, no inputs). Refetched when the live state changes and when the
 * server pushes that the letter was edited; it can be minimized to a one-line strip.
 */
import { useEffect, useId, useRef } from 'react';
import type { WorkshopState } from '../../../../shared/workshops';
import { useAsync } from '../../api/useAsync';
import { getSpotlight } from '../../api/workshops';
import { errorMessage, isNotFound } from '../../components/errorMessage';
import { useRefreshWhileVisible } from '../../components/useRefreshWhileVisible';
import type { CaseView } from '../../editor/caseView';
import { LetterContent } from '../../versions/LetterContent';
import { readPmDoc, type PmNode } from '../../versions/pmJson';
import { useWorkshopPush } from '../workshopPush';

/** A slow safety net behind the pushes (a push lost with a dropped connection is caught up on reconnect too). */
export const SPOTLIGHT_REFRESH_MS = 60_000;

/** Placeholders always show masks here; the server has already replaced them. */
const MASKED_VIEW: CaseView = { details: null, masked: true };

/** Props of SpotlightPanel. */
export interface SpotlightPanelProps {
  workshopId: string;
  spotlight: NonNullable<WorkshopState['spotlight']>;
  revision: number;
  minimized: boolean;
  onMinimizedChange(minimized: boolean): void;
}

/** The panel. */
export function SpotlightPanel({ workshopId, spotlight, revision, minimized, onMinimizedChange }: SpotlightPanelProps) {
  const bodyId = useId();
  const titleId = useId();
  return (
    <section className={`spotlight${minimized ? ' spotlight--minimized' : ''}`} aria-labelledby={titleId} data-testid="spotlight">
      <div className="spotlight__head">
        <h2 className="spotlight__title" id={titleId}>
          <span className="spotlight__eyebrow">On the shared screen:</span> {spotlight.title} <span className="spotlight__by">by {spotlight.ownerName}</span>
        </h2>
        <button type="button" className="button button--small" aria-expanded={!minimized} aria-controls={bodyId} onClick={() => onMinimizedChange(!minimized)}>
          {minimized ? 'Show' : 'Minimize'}
        </button>
      </div>
      <div id={bodyId} className="spotlight__body" hidden={minimized}>
        {!minimized && <SpotlightBody workshopId={workshopId} letterId={spotlight.letterId} label={`${spotlight.title} by ${spotlight.ownerName}`} revision={revision} />}
      </div>
    </section>
  );
}

function SpotlightBody({ workshopId, letterId, label, revision }: { workshopId: string; letterId: string; label: string; revision: number }) {
  const { result, retry, refresh } = useAsync(`spotlight:${workshopId}:${letterId}`, (signal) => getSpotlight(workshopId, signal));
  useRefreshWhileVisible(refresh, SPOTLIGHT_REFRESH_MS);
  useWorkshopPush(workshopId, 'spotlight', refresh);

  // Every new state may mean new text (or the facilitator switched letters): fetch behind what is shown.
  const seenRevision = useRef(revision);
  useEffect(() => {
    if (seenRevision.current === revision) return;
    seenRevision.current = revision;
    refresh();
  }, [revision, refresh]);

  if (result.state === 'loading') return <p className="muted panel-state">Loading the shared letter…</p>;
  if (result.state === 'error') {
    if (isNotFound(result.error)) return <p className="muted panel-state">Nothing is on the shared screen right now.</p>;
    return (
      <div className="notice notice--error" role="alert">
        <p>Could not load the shared letter. {errorMessage(result.error)}</p>
        <button type="button" className="button button--small" onClick={retry}>
          Try again
        </button>
      </div>
    );
  }
  const doc = readDoc(result.value.body);
  if (!doc) return <p className="muted panel-state">This letter cannot be shown here.</p>;
  return <LetterContent doc={doc} caseView={MASKED_VIEW} label={label} />;
}

/** The body as a doc node, or null when it is not ProseMirror JSON. */
function readDoc(body: unknown): PmNode | null {
  try {
    return readPmDoc(body);
  } catch (error) {
    console.warn('The spotlight body is not ProseMirror JSON', error);
    return null;
  }
}
