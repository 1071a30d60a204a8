/** "Share my letter with the facilitator": without it they see progress figures only. */
import { useId, useState } from 'react';
import { setShareText } from '../../api/workshops';
import { errorMessage } from '../../components/errorMessage';

/** Props of ShareToggle. */
export interface ShareToggleProps {
  workshopId: string;
  /** Whether the server says I share now. */
  initiallyShared: boolean;
}

/** The switch and its explanation. */
export function ShareToggle({ workshopId, initiallyShared }: ShareToggleProps) {
  const [shared, setShared] = useState(initiallyShared);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const noteId = useId();

  async function handleClick() {
    const next = !shared;
    setBusy(true);
    setError(null);
    try {
      await setShareText(workshopId, next);
      setShared(next);
    } catch (cause) {
      setError(`Could not change sharing. ${errorMessage(cause)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="share-toggle">
      <button
        type="button"
        className="toggle"
        aria-pressed={shared}
        aria-describedby={noteId}
        aria-busy={busy}
        onClick={() => {
          if (!busy) void handleClick();
        }}
      >
        <span className="toggle__track" aria-hidden="true" />
        Share my letter with the facilitator
      </button>
      <span id={noteId} className="share-toggle__note muted">
        {shared
          ? 'The facilitator can open and read your letter (not change it) until the workshop ends.'
          : 'Otherwise the facilitator only sees progress figures: checklist ticks, sections started and word count, never your text.'}
      </span>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
