/** Confirms restoring a version: it becomes a new edit that everyone sees, and today's text stays in history. */
import { Modal } from '../components/Modal';
import type { VersionSummary } from '../../../shared/versions';

/** Props of RestoreDialog. */
export interface RestoreDialogProps {
  /** The version to restore; the dialog is open while it is set. */
  version: VersionSummary | null;
  busy: boolean;
  /** Why the last attempt failed, shown inside the dialog (the page behind it is inert). */
  error: string | null;
  onClose(): void;
  onConfirm(): void;
}

/** The native-dialog confirmation before a restore. */
export function RestoreDialog({ version, busy, error, onClose, onConfirm }: RestoreDialogProps) {
  return (
    <Modal open={version !== null} onClose={onClose} title={`Restore “${version?.name ?? ''}”?`} testId="restore-dialog">
      <div className="stack">
        <p>
          The letter’s text will become this version’s text. This is a new edit that everyone on the letter sees right
          away, like any other change.
        </p>
        <p>
          Nothing is lost: the current text is first kept in the history as a version of its own, so it can be opened,
          compared or restored later.
        </p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button button--primary" disabled={busy} onClick={onConfirm}>
            {busy ? 'Restoring…' : 'Restore this version'}
          </button>
          <button type="button" className="button" onClick={onClose} autoFocus>
            Cancel
          </button>
        </div>
      </div>
    </Modal>
  );
}
