/**
 * "Share my letter with the facilitator": without it they see progress figures only. The workshop
 * does not tell a participant whether they share, so this browser remembers the last choice.
 */
import { useId, useState } from 'react';
import { setShareText } from '../../api/workshops';
import { errorMessage } from '../../components/errorMessage';

/** Props of ShareToggle. */
export interface ShareToggleProps {
  workshopId: string;
  userId: string;
}

const storageKey = (workshopId: string, userId: string) => `casewrite:workshop-share:${workshopId}:${userId}`;

function loadShared(workshopId: string, userId: string): boolean {
  try {
    return window.localStorage.getItem(storageKey(workshopId, userId)) === 'true';
  } catch (error) {
    // Storage can be blocked (private mode, policy): then the toggle starts off, as on the server by default.
    console.warn('Could not read the sharing choice', error);
    return false;
  }
}

function saveShared(workshopId: string, userId: string, shared: boolean): void {
  try {
    window.localStorage.setItem(storageKey(workshopId, userId), String(shared));
  } catch (error) {
    console.warn('Could not remember the sharing choice', error);
  }
}

/** The switch and its explanation. */
export function ShareToggle({ workshopId, userId }: ShareToggleProps) {
  const [shared, setShared] = useState(() => loadShared(workshopId, userId));
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
      saveShared(workshopId, userId, next);
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
