/**
 * `/workshops/:id` for its facilitator: the join code, the current step and timer with the controls
 * that steer everyone, a broadcast box, the agenda (editable), the participants' progress with
 * hands, pairs and spotlight, and "End workshop". Letter text appears only in the spotlight preview.
 */
import { useState } from 'react';
import type { BoardParticipant, Workshop, WorkshopState } from '../../../../shared/workshops';
import { sendWorkshopAction, setSpotlight } from '../../api/workshops';
import { errorMessage } from '../../components/errorMessage';
import { AgendaPanel } from './AgendaPanel';
import { BoardTable } from './BoardTable';
import { BroadcastForm } from './BroadcastForm';
import { EndWorkshopButton } from './EndWorkshopButton';
import { JoinCodeCard } from './JoinCodeCard';
import { PairingPanel } from './PairingPanel';
import { SessionControls } from './SessionControls';
import { SpotlightPanel } from './SpotlightPanel';
import { useActionRunner } from './useActionRunner';
import { useBoard } from './useBoard';

/** Props of FacilitatorBoard. */
export interface FacilitatorBoardProps {
  workshop: Workshop;
  state: WorkshopState;
  clockOffsetMs: number;
  applyState(state: WorkshopState): void;
  onWorkshopChange(workshop: Workshop): void;
  /** Re-reads the workshop (after ending it). */
  onReload(): void;
}

/** The facilitator's board. */
export function FacilitatorBoard({ workshop, state, clockOffsetMs, applyState, onWorkshopChange, onReload }: FacilitatorBoardProps) {
  const board = useBoard(workshop.id, state.revision);
  const rowActions = useActionRunner(applyState);
  // A failed refresh keeps the last figures on screen (with a note) instead of blanking the table.
  const [participants, setParticipants] = useState<BoardParticipant[] | null>(null);
  if (board.result.state === 'ready' && participants !== board.result.value) setParticipants(board.result.value);
  const ended = state.ended;

  return (
    <div className="workshop-board-layout">
      <div className="workshop-board-layout__side">
        <JoinCodeCard code={workshop.joinCode} ended={ended} />
        <SessionControls workshop={workshop} state={state} clockOffsetMs={clockOffsetMs} applyState={applyState} />
        <BroadcastForm workshopId={workshop.id} state={state} applyState={applyState} />
        <AgendaPanel workshop={workshop} state={state} applyState={applyState} onWorkshopChange={onWorkshopChange} />
      </div>
      <div className="workshop-board-layout__main">
        <section className="workshop-panel workshop-panel--flat" aria-labelledby="participants-title" aria-busy={participants === null && board.result.state === 'loading'}>
          <div className="workshop-panel__head">
            <h2 id="participants-title" className="workshop-panel__title">
              Participants {participants && <span className="muted small">({participants.length})</span>}
            </h2>
            {state.hands.length > 0 && (
              <p className="hands-summary" role="status">
                <span className="hand-icon" aria-hidden="true" /> {state.hands.length === 1 ? '1 hand raised' : `${state.hands.length} hands raised`}
              </p>
            )}
          </div>
          {board.result.state === 'loading' && participants === null && <p className="muted loading">Loading participants…</p>}
          {board.result.state === 'error' && participants !== null && (
            <p className="field-error" role="status">
              Could not refresh the figures; showing those from a moment ago. {errorMessage(board.result.error)}
            </p>
          )}
          {board.result.state === 'error' && participants === null && (
            <div className="notice notice--error" role="alert">
              <p>Could not load the participants. {errorMessage(board.result.error)}</p>
              <button type="button" className="button" onClick={board.retry}>
                Try again
              </button>
            </div>
          )}
          {participants && participants.length === 0 && (
            <div className="empty" data-testid="board-empty">
              <p className="empty__title">No one has joined yet</p>
              <p className="muted">Share the join code or link; participants appear here as they join.</p>
            </div>
          )}
          {participants && participants.length > 0 && (
            <BoardTable
              participants={participants}
              state={state}
              busy={rowActions.busy !== null}
              onLowerHand={(userId) => void rowActions.run('lower', () => sendWorkshopAction(workshop.id, { type: 'lowerHand', userId }))}
              onSpotlight={(letterId) => void rowActions.run('spotlight', () => setSpotlight(workshop.id, letterId))}
            />
          )}
          {rowActions.error && (
            <p className="field-error" role="alert">
              {rowActions.error}
            </p>
          )}
        </section>
        <SpotlightPanel workshopId={workshop.id} state={state} applyState={applyState} />
        {participants && <PairingPanel workshopId={workshop.id} participants={participants} state={state} applyState={applyState} onChanged={board.refresh} />}
        {!ended && (
          <section className="workshop-panel workshop-panel--flat workshop-end" aria-label="End the workshop">
            <EndWorkshopButton workshopId={workshop.id} applyState={applyState} onEnded={onReload} />
            <p className="muted small">Ends the session for everyone and removes partners’ access to each other’s letters.</p>
          </section>
        )}
      </div>
    </div>
  );
}
