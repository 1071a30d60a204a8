/** My signature block: credentials, license and contact, printed under the attestation of my letters. */
import { useState, type FormEvent } from 'react';
import type { User } from '../../../shared/auth';
import { getSignature, saveSignature, type Signature } from '../api/settings';
import { useAsync } from '../api/useAsync';
import { errorMessage } from '../components/errorMessage';
import { SaveBar } from './SaveBar';
import { TextField } from './TextField';
import { useSave } from './useSave';

/** The signature section of the settings page. */
export function SignatureSection({ user }: { user: User }) {
  const { result, retry } = useAsync('signature', getSignature);
  return (
    <section className="card settings-section" aria-labelledby="signature-title" aria-busy={result.state === 'loading'}>
      <h2 id="signature-title">Your signature block</h2>
      <p className="muted">
        Printed under the attestation when you export a letter. Your name comes from your profile.
      </p>
      {result.state === 'loading' && <p className="muted">Loading your signature…</p>}
      {result.state === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>Could not load your signature. {errorMessage(result.error)}</p>
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </div>
      )}
      {result.state === 'ready' && <SignatureForm initial={result.value} name={user.name} />}
    </section>
  );
}

function SignatureForm({ initial, name }: { initial: Signature; name: string }) {
  const [signature, setSignature] = useState(initial);
  const save = useSave(saveSignature, setSignature);

  function update(changes: Partial<Signature>) {
    setSignature((current) => ({ ...current, ...changes }));
    save.edited();
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void save.run(signature);
  }

  return (
    <form className="settings-form" onSubmit={handleSubmit} noValidate aria-label="Your signature block">
      <div className="settings-form__fields">
        <TextField
          label="Credentials"
          hint="For example “MD, MPH” or “LCSW”."
          value={signature.credentials}
          onChange={(credentials) => update({ credentials })}
        />
        <div className="settings-form__pair">
          <TextField label="License number" value={signature.licenseNumber} onChange={(licenseNumber) => update({ licenseNumber })} />
          <TextField label="License state" value={signature.licenseState} onChange={(licenseState) => update({ licenseState })} />
        </div>
        <TextField
          label="Contact"
          hint="One line: the phone or email where a recipient can reach you."
          value={signature.contact}
          onChange={(contact) => update({ contact })}
        />
        <SaveBar status={save.status} label="Save signature" />
      </div>
      <div className="settings-form__preview">
        <p className="settings-preview__label">Preview</p>
        <SignaturePreview name={name} signature={signature} />
      </div>
    </form>
  );
}

function SignaturePreview({ name, signature }: { name: string; signature: Signature }) {
  const license = [signature.licenseNumber.trim(), signature.licenseState.trim()].filter((part) => part !== '');
  return (
    <div className="settings-preview signature-preview" data-testid="signature-preview">
      <p className="signature-preview__name">
        {name}
        {signature.credentials.trim() && `, ${signature.credentials.trim()}`}
      </p>
      {license.length > 0 && <p>License {license.join(', ')}</p>}
      {signature.contact.trim() && <p>{signature.contact.trim()}</p>}
    </div>
  );
}
