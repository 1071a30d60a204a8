/** The "new letter" form: title and template; validates the title like the server does and keeps it on any error. */
import { useId, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { LetterLimits } from '../../../shared/limits';
import { DEFAULT_TEMPLATE_ID, TEMPLATE_IDS, TEMPLATES } from '../../../shared/templates';
import { createLetter, type TemplateId } from '../api/letters';
import { errorMessage } from '../components/errorMessage';

/** Why a title is unacceptable (mirroring LetterCreateSchema), or null. */
export function validateTitle(raw: string): string | null {
  const title = raw.trim();
  if (title.length === 0) return 'Please give the letter a title.';
  if (title.length > LetterLimits.maxTitleLength) {
    return `Titles can be at most ${LetterLimits.maxTitleLength} characters; this one has ${title.length}.`;
  }
  return null;
}

/** Creates a letter and opens it. */
export function CreateLetterForm() {
  const [, navigate] = useLocation();
  const [title, setTitle] = useState('');
  const [template, setTemplate] = useState<TemplateId>(DEFAULT_TEMPLATE_ID);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const length = title.trim().length;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = validateTitle(title);
    setError(problem);
    if (problem !== null || busy) return;
    setBusy(true);
    try {
      const letter = await createLetter(title.trim(), template);
      navigate(`/letters/${letter.id}`);
    } catch (cause) {
      setError(errorMessage(cause));
      setBusy(false);
    }
  }

  return (
    <form className="card create-form" onSubmit={handleSubmit} noValidate aria-labelledby="create-title">
      <h2 id="create-title">Start a new letter</h2>
      <fieldset className="template-choice">
        <legend>Template</legend>
        {TEMPLATE_IDS.map((id) => (
          <label key={id} className="template-choice__option">
            <input
              type="radio"
              name="template"
              value={id}
              checked={template === id}
              onChange={() => setTemplate(id)}
            />
            <span>
              {TEMPLATES[id].name}
              <span className="template-choice__count">{TEMPLATES[id].sections.length} sections</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label htmlFor={inputId}>Title</label>
      <p id={hintId} className="field-hint">
        For example “Medical release request: J.D., Otay Mesa”. Avoid full names here; the letter is shared with
        reviewers. <span className={length > LetterLimits.maxTitleLength ? 'over' : ''}>
          {length}/{LetterLimits.maxTitleLength}
        </span>
      </p>
      <div className="create-form__row">
        <input
          id={inputId}
          name="title"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          placeholder="Letter title"
        />
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create letter'}
        </button>
      </div>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      <p className="field-hint">The letter opens with the template’s sections ready to fill in.</p>
    </form>
  );
}
