/**
 * Editing the case details (owners and editors). Each field saves when it loses focus, or all at
 * once with Save; a rejected value stays in its field with the reason beside it.
 */
import { useId, useState, type FormEvent } from 'react';
import {
  CASE_FIELDS,
  formatANumber,
  LEGAL_ROUTES,
  LEGAL_ROUTE_LABEL,
  REQUEST_TYPES,
  REQUEST_TYPE_LABEL,
  type CaseDetails,
  type CaseField,
} from '../../../shared/caseDetails';
import { validateCaseField } from '../api/case';
import { ApiRequestError } from '../api/http';
import { errorMessage } from '../components/errorMessage';
import { sortFieldErrors } from './fieldErrors';

/** Props of CaseForm. */
export interface CaseFormProps {
  /** The stored case; fields not being edited follow it live. */
  details: CaseDetails;
  save(changes: Partial<CaseDetails>): Promise<CaseDetails>;
}

type Drafts = Partial<Record<CaseField, string>>;

const GROUPS: readonly { legend: string; fields: readonly CaseField[] }[] = [
  { legend: 'Person', fields: ['fullName', 'dateOfBirth', 'aNumber', 'facility'] },
  { legend: 'Recipient', fields: ['recipientName', 'recipientTitle', 'recipientOffice'] },
  { legend: 'Request', fields: ['deadline', 'legalRoute', 'requestType'] },
];

const HINTS: Partial<Record<CaseField, string>> = {
  aNumber: '8 or 9 digits; a leading A and dashes are ignored.',
  recipientTitle: 'For example: Field Office Director',
};

const DATE_FIELDS = new Set<CaseField>(['dateOfBirth', 'deadline']);
const label = (field: CaseField) => CASE_FIELDS.find((f) => f.key === field)?.label ?? field;

/** The form. */
export function CaseForm({ details, save }: CaseFormProps) {
  const [drafts, setDrafts] = useState<Drafts>({});
  const [errors, setErrors] = useState<Partial<Record<CaseField, string>>>({});
  const [incompleteDates, setIncompleteDates] = useState<ReadonlySet<CaseField>>(new Set());
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const id = useId();

  // The A-number shows with its "A", as everywhere else; the server stores the digits either way.
  const valueOf = (field: CaseField): string => drafts[field] ?? (field === 'aNumber' ? formatANumber(details.aNumber) : details[field]);

  /** Saves the given fields' drafts (with `override` taking precedence, for selects). */
  async function saveFields(fields: readonly CaseField[], override: Drafts = {}) {
    const wanted: Drafts = { ...drafts, ...override };
    const changes: Partial<Record<CaseField, string>> = {};
    const problems: Partial<Record<CaseField, string>> = {};
    for (const field of fields) {
      const value = wanted[field];
      if (value === undefined) continue;
      if (incompleteDates.has(field)) {
        problems[field] = 'Enter the whole date, or clear the field.';
      } else if (value !== details[field]) {
        const problem = validateCaseField(field, value);
        if (problem) problems[field] = problem;
        else changes[field] = value;
      }
    }
    setErrors((previous) => {
      const next = { ...previous };
      for (const field of fields) delete next[field];
      return { ...next, ...problems };
    });
    const sent = Object.keys(changes).filter((key): key is CaseField => CASE_FIELDS.some((f) => f.key === key));
    if (sent.length === 0) {
      // Nothing to send: drafts equal to the stored value are no longer drafts.
      setDrafts((previous) => withoutUnchanged(previous, details, fields));
      return;
    }
    setStatus('saving');
    setFormError(null);
    try {
      // The values passed validateCaseField with the shared schema, so each is what its field accepts.
      const saved = await save(changes as Partial<CaseDetails>);
      // Drop the drafts that were saved, unless more was typed meanwhile.
      setDrafts((previous) => {
        const next = { ...previous };
        for (const field of sent) if (next[field] === changes[field]) delete next[field];
        return withoutUnchanged(next, saved, fields);
      });
      setStatus('saved');
    } catch (cause) {
      setStatus('idle');
      if (cause instanceof ApiRequestError && cause.status === 400) {
        const sorted = sortFieldErrors(cause.message, sent);
        setErrors((previous) => ({ ...previous, ...sorted.fields }));
        setFormError(sorted.general);
      } else {
        setFormError(`Not saved. ${errorMessage(cause)}`);
      }
    }
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void saveFields(CASE_FIELDS.map((field) => field.key));
  }

  function edit(field: CaseField, value: string) {
    setDrafts((previous) => ({ ...previous, [field]: value }));
    setStatus('idle');
  }

  function renderField(field: CaseField) {
    const inputId = `${id}-${field}`;
    const error = errors[field];
    const hint = HINTS[field];
    const describedBy = [hint ? `${inputId}-hint` : '', error ? `${inputId}-error` : ''].filter(Boolean).join(' ') || undefined;
    const common = {
      id: inputId,
      name: field,
      'aria-invalid': error !== undefined,
      'aria-describedby': describedBy,
    };
    let control;
    if (field === 'legalRoute' || field === 'requestType') {
      const options = field === 'legalRoute' ? LEGAL_ROUTES : REQUEST_TYPES;
      const labels: Record<string, string> = field === 'legalRoute' ? LEGAL_ROUTE_LABEL : REQUEST_TYPE_LABEL;
      control = (
        <select
          {...common}
          value={valueOf(field)}
          onChange={(event) => {
            edit(field, event.target.value);
            void saveFields([field], { [field]: event.target.value });
          }}
        >
          {options.map((option) => (
            <option key={option} value={option}>
              {labels[option]}
            </option>
          ))}
        </select>
      );
    } else {
      control = (
        <input
          {...common}
          type={DATE_FIELDS.has(field) ? 'date' : 'text'}
          inputMode={field === 'aNumber' ? 'numeric' : undefined}
          autoComplete="off"
          value={valueOf(field)}
          onChange={(event) => {
            const incomplete = event.target.validity.badInput;
            setIncompleteDates((previous) => toggled(previous, field, incomplete));
            edit(field, event.target.value);
          }}
          onBlur={() => void saveFields([field])}
        />
      );
    }
    return (
      <div className="case-field-row" key={field}>
        <label htmlFor={inputId}>{label(field)}</label>
        {hint && (
          <p id={`${inputId}-hint`} className="field-hint">
            {hint}
          </p>
        )}
        {control}
        {error && (
          <p id={`${inputId}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    );
  }

  const dirty = CASE_FIELDS.some((field) => drafts[field.key] !== undefined && drafts[field.key] !== details[field.key]);
  return (
    <form className="case-form" onSubmit={handleSubmit} noValidate aria-label="Case details">
      {GROUPS.map((group) => (
        <fieldset key={group.legend} className="case-form__group">
          <legend>{group.legend}</legend>
          {group.fields.map(renderField)}
        </fieldset>
      ))}
      {formError && (
        <p className="field-error" role="alert">
          {formError}
        </p>
      )}
      <div className="case-form__actions">
        <button type="submit" className="button button--small button--primary" disabled={status === 'saving'}>
          Save case details
        </button>
        <span className="muted case-form__status" role="status" data-testid="case-save-status">
          {status === 'saving' ? 'Saving…' : status === 'saved' && !dirty ? 'Saved' : dirty ? 'Unsaved changes' : ''}
        </span>
      </div>
    </form>
  );
}

function withoutUnchanged(drafts: Drafts, stored: CaseDetails, fields: readonly CaseField[]): Drafts {
  const next = { ...drafts };
  for (const field of fields) if (next[field] === stored[field]) delete next[field];
  return next;
}

function toggled(set: ReadonlySet<CaseField>, field: CaseField, on: boolean): ReadonlySet<CaseField> {
  if (set.has(field) === on) return set;
  const next = new Set(set);
  if (on) next.add(field);
  else next.delete(field);
  return next;
}
