/** "End workshop" and its confirmation: ending revokes every access the session granted and cannot be undone. */
import { useState } from 'react';
import type { WorkshopState } from '../../../../shared/workshops';
import { endWorkshop } from '../../api/workshops';
import { Modal } from '../../components/Modal';
import { useActionRunner } from './useActionRunner';

/** Props of EndWorkshopButton. */
export interface EndWorkshopButtonProps {
  workshopId: string;
  applyState(state: WorkshopState): void;
  /** Called once the server has ended it (to reload the workshop's `endedAt`). */
  onEnded(): void;
}

/** The button and its dialog. */
export function EndWorkshopButton({ workshopId, applyState, onEnded }: EndWorkshopButtonProps) {
  const [open, setOpen] = useState(false);
  const { busy, error, run, clearError } = useActionRunner(applyState);

  async function handleConfirm() {
    if (await run('end', () => endWorkshop(workshopId))) {
      setOpen(false);
      onEnded();
    }
  }

  return (
    <>
      <button
        type="button"
        className="button button--danger"
        onClick={() => {
          clearError();
          setOpen(true);
        }}
      >
        End workshop
      </button>
      <Modal open={open} onClose={() => setOpen(false)} title="End this workshop?" testId="end-workshop-dialog">
        <p>Ending the workshop stops the timer, clears the shared screen and the pairs, and removes partners’ access to each other’s letters.</p>
        <p>Participants keep their own letters. The workshop cannot be restarted.</p>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setOpen(false)} disabled={busy !== null}>
            Keep going
          </button>
          <button type="button" className="button button--danger" onClick={() => void handleConfirm()} disabled={busy !== null}>
            {busy ? 'Ending…' : 'End now'}
          </button>
        </div>
      </Modal>
    </>
  );
}
