/**
 * "Raise hand": asks the facilitator for help. One toggle button with a fixed name and aria-pressed
 * (a changing name would contradict the pressed state); the hand shows on their board until lowered.
 */
import { useId, useState } from 'react';
import type { WorkshopState } from '../../../../shared/workshops';
import { sendWorkshopAction } from '../../api/workshops';
import { errorMessage } from '../../components/errorMessage';
import { isHandRaised } from './participantRules';

/** Props of HandButton. */
export interface HandButtonProps {
  workshopId: string;
  state: WorkshopState;
  userId: string;
}

/** What I asked for, shown until the live state has caught up with the action's answer. */
interface Wish {
  raised: boolean;
  /** The revision that carries it; Infinity while the request is out. */
  untilRevision: number;
}

/** The toggle with a short note of what it did. */
export function HandButton({ workshopId, state, userId }: HandButtonProps) {
  const [wish, setWish] = useState<Wish | null>(null);
  const [error, setError] = useState<string | null>(null);
  const noteId = useId();
  const raised = wish !== null && state.revision < wish.untilRevision ? wish.raised : isHandRaised(state, userId);

  async function handleClick() {
    const next = !raised;
    setError(null);
    setWish({ raised: next, untilRevision: Infinity });
    try {
      const answer = await sendWorkshopAction(workshopId, next ? { type: 'raiseHand' } : { type: 'lowerHand' });
      setWish({ raised: next, untilRevision: answer.revision });
    } catch (cause) {
      setWish(null);
      setError(`Could not ${next ? 'raise' : 'lower'} your hand. ${errorMessage(cause)}`);
    }
  }

  return (
    <div className="hand">
      <button
        type="button"
        className={`button hand__button${raised ? ' hand__button--raised' : ''}`}
        aria-pressed={raised}
        aria-describedby={noteId}
        onClick={() => void handleClick()}
      >
        Raise hand
      </button>
      <span id={noteId} className="hand__note muted" role="status">
        {raised ? 'Your hand is up: the facilitator sees it. Press again to lower it.' : ''}
      </span>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
