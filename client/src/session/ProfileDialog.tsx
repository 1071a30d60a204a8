/** Display name, profession and caret colour: what collaborators see beside a person's caret. */
import { useId, useState, type FormEvent } from 'react';
import { PROFESSIONS, ProfileUpdateSchema, type Profession } from '../../../shared/auth';
import { updateProfile } from '../api/auth';
import { Modal } from '../components/Modal';
import { errorMessage } from '../components/errorMessage';
import { CARET_COLORS } from './caretColor';
import { PROFESSION_LABEL, readProfession } from './professions';
import { useSignedIn, useSession } from './SessionContext';

/** The profile dialog, opened from the header. */
export function ProfileDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  return (
    <Modal open={open} onClose={onClose} title="Your profile" testId="profile-dialog">
      <ProfileForm onDone={onClose} />
    </Modal>
  );
}

function ProfileForm({ onDone }: { onDone(): void }) {
  const { user, color: currentColor } = useSignedIn();
  const { setUser, setColor } = useSession();
  const [name, setName] = useState(user.name);
  const [profession, setProfession] = useState<Profession>(user.profession);
  const [color, setChosenColor] = useState(currentColor);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameId = useId();
  const professionId = useId();
  const errorId = useId();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const changes = {
      ...(name.trim() !== user.name ? { name } : {}),
      ...(profession !== user.profession ? { profession } : {}),
    };
    if (color !== currentColor) setColor(color);
    if (Object.keys(changes).length === 0) return onDone();
    const parsed = ProfileUpdateSchema.safeParse(changes);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'Please check the form.');
    setBusy(true);
    setError(null);
    try {
      setUser(await updateProfile(parsed.data));
      onDone();
    } catch (cause) {
      setError(errorMessage(cause));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="stack">
      <p className="muted">Collaborators see your name, profession and colour beside your cursor and in member lists.</p>
      <div>
        <label htmlFor={nameId}>Display name</label>
        <input
          id={nameId}
          value={name}
          autoComplete="name"
          onChange={(event) => setName(event.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
        />
      </div>
      <div>
        <label htmlFor={professionId}>Profession</label>
        <select id={professionId} value={profession} onChange={(event) => setProfession(readProfession(event.target.value))}>
          {PROFESSIONS.map((value) => (
            <option key={value} value={value}>
              {PROFESSION_LABEL[value]}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="swatches">
        <legend>Cursor colour</legend>
        {CARET_COLORS.map((value, index) => (
          <label key={value} className="swatches__option">
            <input type="radio" name="caret-color" value={value} checked={color === value} onChange={() => setChosenColor(value)} />
            <span className="swatches__dot" style={{ backgroundColor: value }} aria-hidden="true" />
            <span className="visually-hidden">Colour {index + 1}</span>
          </label>
        ))}
      </fieldset>
      {error && (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save profile'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

