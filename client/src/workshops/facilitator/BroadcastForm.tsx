/** A short message shown to everyone in the session until it is cleared or replaced. */
import { useId, useState, type FormEvent } from 'react';
import { WorkshopLimits, type WorkshopState } from '../../../../shared/workshops';
import { sendWorkshopAction } from '../../api/workshops';
import { formatDateTime } from '../../components/formatDate';
import { useActionRunner } from './useActionRunner';

/** Props of BroadcastForm. */
export interface BroadcastFormProps {
  workshopId: string;
  state: WorkshopState;
  applyState(state: WorkshopState): void;
}

/** The broadcast box: send, and clear the current message. */
export function BroadcastForm({ workshopId, state, applyState }: BroadcastFormProps) {
  const { busy, error, run } = useActionRunner(applyState);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const hintId = useId();
  const length = text.trim().length;
  const ended = state.ended;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const message = text.trim();
    if (message === '') return setProblem('Type a message first.');
    if (message.length > WorkshopLimits.maxBroadcastLength) return setProblem(`Messages can be at most ${WorkshopLimits.maxBroadcastLength} characters.`);
    setProblem(null);
    if (await run('send', () => sendWorkshopAction(workshopId, { type: 'broadcast', text: message }))) setText('');
  }

  return (
    <section className="card workshop-panel" aria-labelledby="broadcast-title">
      <h2 id="broadcast-title" className="workshop-panel__title">
        Broadcast
      </h2>
      {state.broadcast ? (
        <div className="broadcast-current" data-testid="broadcast-current">
          <p className="broadcast-current__text">{state.broadcast.text}</p>
          <p className="muted small">
            Shown since {formatDateTime(state.broadcast.at)}{' '}
            <button type="button" className="button button--small" disabled={ended || busy !== null} onClick={() => void run('clear', () => sendWorkshopAction(workshopId, { type: 'clearBroadcast' }))}>
              Clear message
            </button>
          </p>
        </div>
      ) : (
        <p className="muted small">No message is showing.</p>
      )}
      <form className="broadcast-form" onSubmit={handleSubmit} noValidate>
        <textarea
          aria-label="Message to everyone"
          aria-describedby={hintId}
          rows={2}
          value={text}
          disabled={ended}
          aria-invalid={problem !== null}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            // Enter sends, as in a chat box; Shift+Enter keeps a line break.
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
        />
        <p id={hintId} className="field-hint">
          Shown to every participant until you clear it.{' '}
          <span className={length > WorkshopLimits.maxBroadcastLength ? 'over' : ''}>
            {length}/{WorkshopLimits.maxBroadcastLength}
          </span>
        </p>
        <button type="submit" className="button button--primary" disabled={ended || busy !== null}>
          Send message
        </button>
      </form>
      {(problem ?? error) && (
        <p className="field-error" role="alert">
          {problem ?? error}
        </p>
      )}
    </section>
  );
}
