/** Owners add an item to a section of the letter's checklist; what was typed survives an error. */
import { useId, useState, type FormEvent } from 'react';
import type { LetterTemplate } from '../../../shared/templates';
import { errorMessage } from '../components/errorMessage';
import { sectionChoices } from './groups';

/** Props of AddItemForm. */
export interface AddItemFormProps {
  template: LetterTemplate | null;
  onAdd(sectionKey: string, text: string): Promise<void>;
}

/** The form. */
export function AddItemForm({ template, onAdd }: AddItemFormProps) {
  const choices = sectionChoices(template);
  const [sectionKey, setSectionKey] = useState(choices[0]?.key ?? 'format');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (text.trim() === '') return setError('Write what should be checked.');
    setBusy(true);
    setError(null);
    try {
      await onAdd(sectionKey, text.trim());
      setText('');
    } catch (cause) {
      setError(`Not added. ${errorMessage(cause)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="add-item" onSubmit={handleSubmit} noValidate aria-label="Add a checklist item">
      <label htmlFor={`${id}-section`}>Section</label>
      <select id={`${id}-section`} value={sectionKey} onChange={(event) => setSectionKey(event.target.value)}>
        {choices.map((choice) => (
          <option key={choice.key} value={choice.key}>
            {choice.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-text`}>New item</label>
      <textarea
        id={`${id}-text`}
        rows={2}
        value={text}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => setText(event.target.value)}
      />
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button--small button--primary" disabled={busy}>
        {busy ? 'Adding…' : 'Add item'}
      </button>
    </form>
  );
}
