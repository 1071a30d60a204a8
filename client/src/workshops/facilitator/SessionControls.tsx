/** Steering the session: the current step, Previous / Next, and the step's timer. */
import type { Workshop, WorkshopState } from '../../../../shared/workshops';
import { sendWorkshopAction } from '../../api/workshops';
import { Countdown } from '../Countdown';
import { focusSummary } from '../sections';
import { useActionRunner } from './useActionRunner';

/** Props of SessionControls. */
export interface SessionControlsProps {
  workshop: Workshop;
  state: WorkshopState;
  clockOffsetMs: number;
  applyState(state: WorkshopState): void;
}

/** The step and timer controls; all disabled once the workshop has ended. */
export function SessionControls({ workshop, state, clockOffsetMs, applyState }: SessionControlsProps) {
  const { busy, error, run } = useActionRunner(applyState);
  const step = workshop.agenda[state.stepIndex];
  const steps = workshop.agenda.length;
  const ended = state.ended;
  const act = (name: string, action: Parameters<typeof sendWorkshopAction>[1]) => {
    void run(name, () => sendWorkshopAction(workshop.id, action));
  };

  return (
    <section className="card workshop-panel session-controls" aria-labelledby="session-controls-title">
      <h2 id="session-controls-title" className="workshop-panel__title">
        Now
      </h2>
      <p className="session-controls__step">
        <span className="muted">
          Step {Math.min(state.stepIndex + 1, steps)} of {steps}
        </span>
        <span className="session-controls__step-title" data-testid="current-step">
          {step?.title ?? 'No step'}
        </span>
      </p>
      {step && <p className="session-controls__focus muted">Focus: {focusSummary(step.focusSections)}</p>}
      <div className="button-row" role="group" aria-label="Agenda step">
        <button type="button" className="button" disabled={ended || busy !== null || state.stepIndex <= 0} onClick={() => act('previous', { type: 'previousStep' })}>
          Previous step
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={ended || busy !== null || state.stepIndex >= steps - 1}
          onClick={() => act('next', { type: 'nextStep' })}
        >
          Next step
        </button>
      </div>

      <Countdown timer={state.timer} clockOffsetMs={clockOffsetMs} />
      <div className="button-row" role="group" aria-label="Timer">
        <button type="button" className="button" disabled={ended || busy !== null || state.timer.state === 'running'} onClick={() => act('start', { type: 'timerStart' })}>
          Start timer
        </button>
        <button type="button" className="button" disabled={ended || busy !== null || state.timer.state !== 'running'} onClick={() => act('pause', { type: 'timerPause' })}>
          Pause timer
        </button>
        <button type="button" className="button" disabled={ended || busy !== null} aria-label="+5 min" title="Add five minutes" onClick={() => act('extend', { type: 'timerExtend', minutes: 5 })}>
          +5 min
        </button>
        <button type="button" className="button" disabled={ended || busy !== null || state.timer.state === 'idle'} onClick={() => act('reset', { type: 'timerReset' })}>
          Reset timer
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
