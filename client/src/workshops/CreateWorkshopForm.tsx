/** "Plan a workshop": title and date (today by default); the default two-hour agenda comes with it. */
import { useId, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { DEFAULT_AGENDA, WorkshopLimits } from '../../../shared/workshops';
import { createWorkshop } from '../api/workshops';
import { errorMessage } from '../components/errorMessage';
import { localToday } from '../dashboard/deadline';
import { totalMinutes } from './agendaDraft';
import { validateWorkshopDate, validateWorkshopTitle } from './workshopForms';

/** Creates a workshop and opens its board. */
export function CreateWorkshopForm() {
  const [, navigate] = useLocation();
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(() => localToday());
  const [problems, setProblems] = useState<{ title?: string; date?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const dateId = useId();
  const length = title.trim().length;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = { title: validateWorkshopTitle(title) ?? undefined, date: validateWorkshopDate(date) ?? undefined };
    setProblems(found);
    setError(null);
    if (found.title || found.date || busy) return;
    setBusy(true);
    try {
      const workshop = await createWorkshop({ title: title.trim(), date });
      navigate(`/workshops/${workshop.id}`);
    } catch (cause) {
      setError(errorMessage(cause));
      setBusy(false);
    }
  }

  return (
    <form className="card create-form workshop-create" onSubmit={handleSubmit} noValidate aria-labelledby="create-workshop-title">
      <h2 id="create-workshop-title">Plan a workshop</h2>
      <div className="workshop-create__fields">
        <div className="workshop-create__field workshop-create__field--grow">
          <label htmlFor={titleId}>Workshop title</label>
          <input
            id={titleId}
            value={title}
            placeholder="e.g. Letter-writing night, March"
            aria-invalid={problems.title !== undefined}
            aria-describedby={problems.title ? `${titleId}-error` : `${titleId}-count`}
            onChange={(event) => setTitle(event.target.value)}
          />
          <p id={`${titleId}-count`} className="field-hint">
            <span className={length > WorkshopLimits.maxTitleLength ? 'over' : ''}>
              {length}/{WorkshopLimits.maxTitleLength}
            </span>
          </p>
          {problems.title && (
            <p id={`${titleId}-error`} className="field-error" role="alert">
              {problems.title}
            </p>
          )}
        </div>
        <div className="workshop-create__field">
          <label htmlFor={dateId}>Date</label>
          <input id={dateId} type="date" value={date} aria-invalid={problems.date !== undefined} onChange={(event) => setDate(event.target.value)} />
          {problems.date && (
            <p className="field-error" role="alert">
              {problems.date}
            </p>
          )}
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create workshop'}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <p className="field-hint">
        Starts with the standard agenda ({DEFAULT_AGENDA.length} steps, {totalMinutes(DEFAULT_AGENDA)} minutes: {DEFAULT_AGENDA.map((step) => step.title).join(', ')}); you can
        change it on the workshop’s page. You will facilitate it.
      </p>
    </form>
  );
}
