/** A labelled one-line text field with an optional hint, as the settings forms use it. */
import { useId } from 'react';

/** Props of TextField. */
export interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: string;
  autoComplete?: string;
  type?: 'text' | 'email' | 'tel' | 'url';
}

/** One settings field. */
export function TextField({ label, value, onChange, hint, autoComplete = 'off', type = 'text' }: TextFieldProps) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="settings-field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      <input
        id={id}
        type={type}
        value={value}
        autoComplete={autoComplete}
        aria-describedby={hint ? hintId : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
