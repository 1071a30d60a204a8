/** The user's name and colour in the header, with a way to change the name. */
import { useEffect, useRef, useState } from 'react';
import { useIdentity } from './IdentityContext';
import { NameForm } from './NameForm';

/** Shows "You: name" and opens a modal name form on "Change". */
export function IdentityBadge() {
  const { identity, setName } = useIdentity();
  const [editing, setEditing] = useState(false);
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (editing && !dialog.open) dialog.showModal();
    if (!editing && dialog.open) dialog.close();
  }, [editing]);

  if (!identity) return null;
  return (
    <div className="identity-badge">
      <span className="swatch" style={{ backgroundColor: identity.color }} aria-hidden="true" />
      <span className="identity-badge__name" data-testid="identity-name">
        {identity.name}
      </span>
      <button type="button" className="link-button" onClick={() => setEditing(true)} aria-label="Change your name">
        Change
      </button>
      <dialog ref={dialogRef} className="dialog" aria-labelledby="change-name-title" onClose={() => setEditing(false)}>
        <h2 id="change-name-title">Change your name</h2>
        {editing && (
          <NameForm
            initialName={identity.name}
            submitLabel="Save name"
            onSubmit={(name) => {
              setName(name);
              setEditing(false);
            }}
            onCancel={() => setEditing(false)}
          />
        )}
      </dialog>
    </div>
  );
}
