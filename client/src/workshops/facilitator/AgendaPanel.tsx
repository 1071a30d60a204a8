/** The agenda beside the controls: every step with its minutes and focus, the current one highlighted; edited in a dialog. */
import { useState } from 'react';
import type { Workshop, WorkshopState } from '../../../../shared/workshops';
import { sendWorkshopAction } from '../../api/workshops';
import { Modal } from '../../components/Modal';
import { totalMinutes } from '../agendaDraft';
import { focusSummary } from '../sections';
import { AgendaEditor } from './AgendaEditor';
import { useActionRunner } from './useActionRunner';

/** Props of AgendaPanel. */
export interface AgendaPanelProps {
  workshop: Workshop;
  state: WorkshopState;
  applyState(state: WorkshopState): void;
  onWorkshopChange(workshop: Workshop): void;
}

/** The agenda, read or edited. */
export function AgendaPanel({ workshop, state, applyState, onWorkshopChange }: AgendaPanelProps) {
  const [editing, setEditing] = useState(false);
  const { busy, error, run } = useActionRunner(applyState);
  const ended = state.ended;

  return (
    <section className="card workshop-panel" aria-labelledby="agenda-title">
      <div className="workshop-panel__head">
        <h2 id="agenda-title" className="workshop-panel__title">
          Agenda <span className="muted small">{totalMinutes(workshop.agenda)} min</span>
        </h2>
        {!ended && (
          <button type="button" className="button button--small" onClick={() => setEditing(true)}>
            Edit agenda
          </button>
        )}
      </div>
      <ol className="agenda-list">
        {workshop.agenda.map((step, index) => {
          const current = index === state.stepIndex;
          return (
            <li key={step.id} className={current ? 'agenda-step agenda-step--current' : 'agenda-step'} aria-current={current ? 'step' : undefined}>
              <div className="agenda-step__head">
                <span className="agenda-step__title">
                  {step.title}
                  {current && <span className="tag tag--now">Now</span>}
                </span>
                <span className="muted small nowrap">{step.minutes} min</span>
              </div>
              <p className="muted small agenda-step__focus">Focus: {focusSummary(step.focusSections)}</p>
              {step.guidance && <p className="small agenda-step__guidance">{step.guidance}</p>}
              {!current && !ended && (
                <button
                  type="button"
                  className="link-button small"
                  disabled={busy !== null}
                  aria-label={`Go to step ${index + 1}: ${step.title}`}
                  onClick={() => void run('go', () => sendWorkshopAction(workshop.id, { type: 'goToStep', index }))}
                >
                  Go to this step
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <Modal open={editing} onClose={() => setEditing(false)} title="Edit the workshop" wide testId="agenda-editor">
        <AgendaEditor
          workshop={workshop}
          onSaved={(saved) => {
            onWorkshopChange(saved);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      </Modal>
    </section>
  );
}
