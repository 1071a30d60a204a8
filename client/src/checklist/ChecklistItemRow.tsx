/** One checklist item: its tick (with who and when), its text (which leads to its section), hints, and owner controls. */
import { useId, useState, type FormEvent } from 'react';
import type { ChecklistItem } from '../../../shared/checklist';
import { errorMessage } from '../components/errorMessage';
import { formatDateTime } from '../components/formatDate';
import type { ChecklistHint } from './suggestions';

/** Props of ChecklistItemRow. */
export interface ChecklistItemRowProps {
  item: ChecklistItem;
  hints: readonly ChecklistHint[];
  mayTick: boolean;
  /** Owners, with "Edit list" on: reword, move and remove. */
  editing: boolean;
  isFirst: boolean;
  isLast: boolean;
  /** The item's section can be shown in the letter. */
  canGoToSection: boolean;
  onGoToSection(): void;
  onTick(ticked: boolean): Promise<void>;
  onReword(text: string): Promise<void>;
  onMove(direction: -1 | 1): Promise<void>;
  onRemove(): Promise<void>;
}

/** The row. Errors from any action are shown on the item itself. */
export function ChecklistItemRow(props: ChecklistItemRowProps) {
  const { item, hints, mayTick, editing } = props;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [rewording, setRewording] = useState(false);
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const textId = useId();
  const ticked = item.tickedBy !== null;

  async function attempt(action: () => Promise<void>, failure: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (cause) {
      setError(`${failure} ${errorMessage(cause)}`);
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={`check-item${ticked ? ' check-item--ticked' : ''}`} data-testid="checklist-item" data-ticked={ticked}>
      <div className="check-item__row">
        {mayTick ? (
          <input
            type="checkbox"
            className="check-item__box"
            checked={ticked}
            disabled={busy}
            aria-labelledby={textId}
            onChange={(event) => void attempt(() => props.onTick(event.target.checked), 'Not saved.')}
          />
        ) : (
          <span className={`check-item__mark${ticked ? ' check-item__mark--on' : ''}`} role="img" aria-label={ticked ? 'Ticked' : 'Not ticked'}>
            {ticked ? '✓' : ''}
          </span>
        )}
        {rewording ? (
          <RewordForm
            initial={item.text}
            onCancel={() => setRewording(false)}
            onSave={async (text) => {
              if (await attempt(() => props.onReword(text), 'Not reworded.')) setRewording(false);
            }}
          />
        ) : props.canGoToSection ? (
          <button type="button" id={textId} className="check-item__text check-item__text--link" onClick={props.onGoToSection} title="Show this section in the letter">
            {item.text}
          </button>
        ) : (
          <span id={textId} className="check-item__text">
            {item.text}
          </span>
        )}
      </div>
      {ticked && item.tickedBy && (
        <p className="check-item__meta" data-testid="ticked-by">
          Ticked by {item.tickedBy.name}
          {item.tickedAt ? ` · ${formatDateTime(item.tickedAt)}` : ''}
        </p>
      )}
      {!ticked && hints.length > 0 && (
        <ul className="check-item__hints" aria-label="Suggestions">
          {hints.map((hint) => (
            <li key={hint.kind} className="check-item__hint" data-testid="checklist-hint" data-kind={hint.kind}>
              {hint.message}
            </li>
          ))}
        </ul>
      )}
      {editing && !rewording && (
        <div className="check-item__tools">
          <button type="button" className="link-button" disabled={busy} onClick={() => setRewording(true)}>
            Reword
          </button>
          <button type="button" className="icon-button" disabled={busy || props.isFirst} aria-label={`Move up: ${item.text}`} onClick={() => void attempt(() => props.onMove(-1), 'Not moved.')}>
            ↑
          </button>
          <button type="button" className="icon-button" disabled={busy || props.isLast} aria-label={`Move down: ${item.text}`} onClick={() => void attempt(() => props.onMove(1), 'Not moved.')}>
            ↓
          </button>
          {confirmingRemove ? (
            <span className="check-item__confirm" role="group" aria-label="Remove this item?">
              <span>Remove?</span>
              <button type="button" className="link-button link-button--danger" disabled={busy} onClick={() => void attempt(props.onRemove, 'Not removed.')}>
                Remove
              </button>
              <button type="button" className="link-button" onClick={() => setConfirmingRemove(false)}>
                Keep
              </button>
            </span>
          ) : (
            <button type="button" className="link-button link-button--danger" disabled={busy} onClick={() => setConfirmingRemove(true)}>
              Remove
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function RewordForm({ initial, onSave, onCancel }: { initial: string; onSave(text: string): Promise<void>; onCancel(): void }) {
  const [text, setText] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (text.trim() === '') return setProblem('An item needs text.');
    setProblem(null);
    void onSave(text.trim());
  }
  return (
    <form className="check-item__reword" onSubmit={handleSubmit} noValidate>
      <textarea
        value={text}
        rows={3}
        autoFocus
        aria-label="Item text"
        aria-invalid={problem !== null}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => event.key === 'Escape' && onCancel()}
      />
      {problem && <p className="field-error">{problem}</p>}
      <div className="check-item__reword-actions">
        <button type="submit" className="button button--small button--primary">
          Save
        </button>
        <button type="button" className="button button--small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
