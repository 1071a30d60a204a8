/** The save button of a settings form and what became of the last save. */
import type { SaveState } from './useSave';

/** The form's actions row. */
export function SaveBar({ status, label }: { status: SaveState; label: string }) {
  return (
    <div className="settings-save">
      <button type="submit" className="button button--primary" disabled={status.state === 'saving'}>
        {status.state === 'saving' ? 'Saving…' : label}
      </button>
      <span role="status" className="settings-save__status">
        {status.state === 'saved' && '✓ Saved'}
      </span>
      {status.state === 'error' && (
        <p className="field-error settings-save__error" role="alert">
          Not saved. {status.message}
        </p>
      )}
    </div>
  );
}
