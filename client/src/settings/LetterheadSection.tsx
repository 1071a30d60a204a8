/**
 * The organization's letterhead, printed at the top of every exported letter. Administrators edit
 * it; everyone else sees it read-only.
 */
import { useId, useState, type FormEvent } from 'react';
import { getLetterhead, saveLetterhead, type Letterhead } from '../api/settings';
import { useAsync } from '../api/useAsync';
import { errorMessage } from '../components/errorMessage';
import { SaveBar } from './SaveBar';
import { TextField } from './TextField';
import { useSave } from './useSave';

/** How many address lines a letterhead prints. */
const MAX_ADDRESS_LINES = 4;

/** The letterhead section of the settings page. */
export function LetterheadSection({ isAdmin }: { isAdmin: boolean }) {
  const { result, retry } = useAsync('letterhead', getLetterhead);
  return (
    <section className="card settings-section" aria-labelledby="letterhead-title" aria-busy={result.state === 'loading'}>
      <h2 id="letterhead-title">Organization letterhead</h2>
      <p className="muted">Printed at the top of every Word and PDF export.</p>
      {result.state === 'loading' && <p className="muted">Loading the letterhead…</p>}
      {result.state === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>Could not load the letterhead. {errorMessage(result.error)}</p>
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </div>
      )}
      {result.state === 'ready' &&
        (isAdmin ? (
          <LetterheadForm initial={result.value} />
        ) : (
          <>
            <LetterheadPreview letterhead={result.value} />
            <p className="field-hint">Only an administrator can change the letterhead.</p>
          </>
        ))}
    </section>
  );
}

function LetterheadForm({ initial }: { initial: Letterhead }) {
  const [letterhead, setLetterhead] = useState(initial);
  const [address, setAddress] = useState(initial.addressLines.join('\n'));
  const save = useSave(saveLetterhead, (saved) => {
    setLetterhead(saved);
    setAddress(saved.addressLines.join('\n'));
  });
  const addressId = useId();
  const addressHintId = useId();
  const lines = address.split('\n');
  const draft: Letterhead = { ...letterhead, addressLines: lines.map((line) => line.trim()).filter((line) => line !== '') };

  function update(changes: Partial<Letterhead>) {
    setLetterhead((current) => ({ ...current, ...changes }));
    save.edited();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void save.run(draft);
  }

  return (
    <form className="settings-form" onSubmit={handleSubmit} noValidate aria-label="Organization letterhead">
      <div className="settings-form__fields">
        <TextField
          label="Organization name"
          value={letterhead.organizationName}
          autoComplete="organization"
          onChange={(organizationName) => update({ organizationName })}
        />
        <div className="settings-field">
          <label htmlFor={addressId}>Address</label>
          <p id={addressHintId} className="field-hint">
            One line per row, up to {MAX_ADDRESS_LINES} rows.
          </p>
          <textarea
            id={addressId}
            rows={MAX_ADDRESS_LINES}
            value={address}
            aria-describedby={addressHintId}
            aria-invalid={lines.length > MAX_ADDRESS_LINES}
            onChange={(event) => {
              setAddress(event.target.value);
              save.edited();
            }}
          />
        </div>
        <TextField label="Phone" type="tel" value={letterhead.phone} onChange={(phone) => update({ phone })} />
        <TextField label="Email" type="email" value={letterhead.email} onChange={(email) => update({ email })} />
        <TextField label="Website" type="url" value={letterhead.website} onChange={(website) => update({ website })} />
        <SaveBar status={save.status} label="Save letterhead" />
      </div>
      <div className="settings-form__preview">
        <p className="settings-preview__label">Preview</p>
        <LetterheadPreview letterhead={draft} />
      </div>
    </form>
  );
}

/** The letterhead as an export prints it (roughly). */
function LetterheadPreview({ letterhead }: { letterhead: Letterhead }) {
  const contact = [letterhead.phone, letterhead.email, letterhead.website].filter((part) => part.trim() !== '');
  const empty = letterhead.organizationName.trim() === '' && letterhead.addressLines.length === 0 && contact.length === 0;
  if (empty) return <p className="settings-preview settings-preview--empty muted">No letterhead set yet.</p>;
  return (
    <div className="settings-preview letterhead-preview" data-testid="letterhead-preview">
      {letterhead.organizationName && <p className="letterhead-preview__name">{letterhead.organizationName}</p>}
      {letterhead.addressLines.map((line, index) => (
        <p key={index}>{line}</p>
      ))}
      {contact.length > 0 && <p>{contact.join(' · ')}</p>}
    </div>
  );
}
