/**
 * Editing the workshop: title, date and agenda steps (title, minutes, guidance, focus sections);
 * add, remove, and reorder with Move up / Move down buttons that keep keyboard focus on the moved
 * step. Save sends the whole agenda (PATCH); existing steps keep their ids.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { FOCUS_SECTION_KEYS, WorkshopLimits, type Workshop } from '../../../../shared/workshops';
import { updateWorkshop } from '../../api/workshops';
import { errorMessage } from '../../components/errorMessage';
import { agendaInput, draftFromAgenda, moveStep, newDraftStep, toggleFocus, totalMinutes, validateAgenda, type AgendaProblems, type DraftStep } from '../agendaDraft';
import { FOCUS_SECTION_OPTIONS } from '../sections';
import { validateWorkshopDate, validateWorkshopTitle } from '../workshopForms';

/** Props of AgendaEditor. */
export interface AgendaEditorProps {
  workshop: Workshop;
  onSaved(workshop: Workshop): void;
  onCancel(): void;
}

/** Which control to focus after the list re-renders (a moved step's button, a new step's title). */
type FocusTarget = { key: string; control: 'up' | 'down' | 'title' } | null;

/** The editor form. */
export function AgendaEditor({ workshop, onSaved, onCancel }: AgendaEditorProps) {
  const [title, setTitle] = useState(workshop.title);
  const [date, setDate] = useState(workshop.date);
  const [steps, setSteps] = useState<DraftStep[]>(() => draftFromAgenda(workshop.agenda));
  const [problems, setProblems] = useState<AgendaProblems>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [focusTarget, setFocusTarget] = useState<FocusTarget>(null);
  const controls = useRef(new Map<string, HTMLElement>());
  const baseId = useId();

  useEffect(() => {
    if (!focusTarget) return;
    controls.current.get(`${focusTarget.key}:${focusTarget.control}`)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const register = (key: string, control: 'up' | 'down' | 'title') => (element: HTMLElement | null) => {
    if (element) controls.current.set(`${key}:${control}`, element);
    else controls.current.delete(`${key}:${control}`);
  };

  function update(key: string, change: Partial<DraftStep>) {
    setSteps((current) => current.map((step) => (step.key === key ? { ...step, ...change } : step)));
  }

  function handleMove(index: number, delta: -1 | 1) {
    const step = steps[index];
    if (!step) return;
    const next = moveStep(steps, index, delta);
    setSteps(next);
    // At either end the pressed button becomes disabled: move focus to its sibling then.
    const newIndex = index + delta;
    const atEdge = delta === -1 ? newIndex === 0 : newIndex === next.length - 1;
    setFocusTarget({ key: step.key, control: atEdge ? (delta === -1 ? 'down' : 'up') : delta === -1 ? 'up' : 'down' });
  }

  function handleRemove(index: number) {
    const next = steps.filter((_, i) => i !== index);
    setSteps(next);
    const neighbour = next[Math.min(index, next.length - 1)];
    if (neighbour) setFocusTarget({ key: neighbour.key, control: 'title' });
  }

  function handleAdd() {
    const step = newDraftStep();
    setSteps((current) => [...current, step]);
    setFocusTarget({ key: step.key, control: 'title' });
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: AgendaProblems = { ...validateAgenda(steps) };
    const titleProblem = validateWorkshopTitle(title);
    const dateProblem = validateWorkshopDate(date);
    if (titleProblem) found.workshopTitle = titleProblem;
    if (dateProblem) found.workshopDate = dateProblem;
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setError('Please fix the marked fields.');
      return;
    }
    setError(null);
    setBusy(true);
    try {
      onSaved(await updateWorkshop(workshop.id, { title: title.trim(), date, agenda: agendaInput(steps) }));
    } catch (cause) {
      setError(errorMessage(cause));
      setBusy(false);
    }
  }

  return (
    <form className="agenda-editor" onSubmit={handleSubmit} noValidate aria-label="Workshop and agenda">
      <div className="agenda-editor__details">
        <label htmlFor={`${baseId}-wtitle`}>Title</label>
        <input id={`${baseId}-wtitle`} value={title} onChange={(event) => setTitle(event.target.value)} aria-invalid={problems.workshopTitle !== undefined} />
        {problems.workshopTitle && <p className="field-error">{problems.workshopTitle}</p>}
        <label htmlFor={`${baseId}-wdate`}>Date</label>
        <input id={`${baseId}-wdate`} type="date" value={date} onChange={(event) => setDate(event.target.value)} aria-invalid={problems.workshopDate !== undefined} />
        {problems.workshopDate && <p className="field-error">{problems.workshopDate}</p>}
      </div>

      <p className="field-hint">
        {steps.length} {steps.length === 1 ? 'step' : 'steps'}, {totalMinutes(steps)} minutes. Participants see each step’s guidance and the checklist of its focus sections; no focus means the whole letter.
      </p>
      <ol className="agenda-editor__steps">
        {steps.map((step, index) => {
          const id = `${baseId}-${step.key}`;
          const name = step.title.trim() || `step ${index + 1}`;
          const problem = problems[step.key];
          return (
            <li key={step.key} className="agenda-editor__step" data-testid="agenda-edit-step">
              <fieldset>
                <legend>Step {index + 1}</legend>
                <div className="agenda-editor__row">
                  <div className="agenda-editor__field agenda-editor__field--grow">
                    <label htmlFor={`${id}-title`}>Step title</label>
                    <input
                      id={`${id}-title`}
                      ref={register(step.key, 'title')}
                      value={step.title}
                      maxLength={WorkshopLimits.maxStepTitleLength + 20}
                      onChange={(event) => update(step.key, { title: event.target.value })}
                      aria-invalid={problem !== undefined}
                      aria-describedby={problem ? `${id}-problem` : undefined}
                    />
                  </div>
                  <div className="agenda-editor__field">
                    <label htmlFor={`${id}-minutes`}>Minutes</label>
                    <input
                      id={`${id}-minutes`}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={WorkshopLimits.maxStepMinutes}
                      value={step.minutes}
                      className="agenda-editor__minutes"
                      onChange={(event) => update(step.key, { minutes: event.target.value })}
                    />
                  </div>
                </div>
                <label htmlFor={`${id}-guidance`}>Guidance for participants</label>
                <textarea id={`${id}-guidance`} rows={2} value={step.guidance} onChange={(event) => update(step.key, { guidance: event.target.value })} />
                <fieldset className="agenda-editor__focus">
                  <legend>Sections in focus</legend>
                  {FOCUS_SECTION_OPTIONS.map((option) => (
                    <label key={option.key} className="agenda-editor__check">
                      <input
                        type="checkbox"
                        checked={step.focusSections.includes(option.key)}
                        onChange={(event) => update(step.key, { focusSections: toggleFocus(step.focusSections, option.key, event.target.checked, FOCUS_SECTION_KEYS) })}
                      />
                      {option.label}
                    </label>
                  ))}
                </fieldset>
                {problem && (
                  <p id={`${id}-problem`} className="field-error">
                    {problem}
                  </p>
                )}
                <div className="button-row">
                  <button type="button" className="button button--small" ref={register(step.key, 'up')} disabled={index === 0} aria-label={`Move “${name}” up`} onClick={() => handleMove(index, -1)}>
                    Move up
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    ref={register(step.key, 'down')}
                    disabled={index === steps.length - 1}
                    aria-label={`Move “${name}” down`}
                    onClick={() => handleMove(index, 1)}
                  >
                    Move down
                  </button>
                  <button type="button" className="button button--small button--danger" disabled={steps.length <= 1} aria-label={`Remove “${name}”`} onClick={() => handleRemove(index)}>
                    Remove
                  </button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {problems.agenda && <p className="field-error">{problems.agenda}</p>}
      <div className="button-row">
        <button type="button" className="button" onClick={handleAdd} disabled={steps.length >= WorkshopLimits.maxSteps}>
          Add step
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save agenda'}
        </button>
      </div>
    </form>
  );
}
