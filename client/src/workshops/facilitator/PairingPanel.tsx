/**
 * Peer-review pairs: pair everyone in board order in one click, or pick two by hand; "End pairs"
 * revokes the partners' access. Only participants with a letter can be paired.
 */
import { useId, useState, type FormEvent } from 'react';
import type { BoardParticipant, WorkshopState } from '../../../../shared/workshops';
import { clearPairs, setPairs } from '../../api/workshops';
import { pairableIds, pairInOrder, withPair } from '../pairing';
import { useActionRunner } from './useActionRunner';

/** Props of PairingPanel. */
export interface PairingPanelProps {
  workshopId: string;
  participants: readonly BoardParticipant[];
  state: WorkshopState;
  applyState(state: WorkshopState): void;
  /** Called after a change, so the board shows the new partners. */
  onChanged(): void;
}

/** The pairing controls and the current pairs. */
export function PairingPanel({ workshopId, participants, state, applyState, onChanged }: PairingPanelProps) {
  const { busy, error, run } = useActionRunner(applyState);
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [leftOut, setLeftOut] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const firstId = useId();
  const secondId = useId();
  const names = new Map(participants.map((participant) => [participant.userId, participant.name]));
  const pairable = pairableIds(participants);
  const ended = state.ended;
  const nameOf = (userId: string) => names.get(userId) ?? 'Someone who left';

  async function handleAutoPair() {
    const { pairs, left } = pairInOrder(pairable);
    setProblem(null);
    if (await run('auto', () => setPairs(workshopId, pairs))) {
      setLeftOut(left);
      onChanged();
    }
  }

  async function handleManualPair(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (first === '' || second === '') return setProblem('Choose two people to pair.');
    if (first === second) return setProblem('Choose two different people.');
    setProblem(null);
    if (await run('manual', () => setPairs(workshopId, withPair(state.pairs, first, second)))) {
      setFirst('');
      setSecond('');
      setLeftOut(null);
      onChanged();
    }
  }

  async function handleEndPairs() {
    setProblem(null);
    if (await run('end', () => clearPairs(workshopId))) {
      setLeftOut(null);
      onChanged();
    }
  }

  return (
    <section className="card workshop-panel" aria-labelledby="pairs-title">
      <h2 id="pairs-title" className="workshop-panel__title">
        Peer review pairs
      </h2>
      <p className="field-hint">Partners may read and comment on each other’s letter (de-identified), never edit it. Access ends with the pairs.</p>
      {state.pairs.length > 0 ? (
        <ul className="pair-list" data-testid="pair-list">
          {state.pairs.map((pair) => (
            <li key={`${pair.a}:${pair.b}`}>
              {nameOf(pair.a)} <span aria-hidden="true">↔</span>
              <span className="visually-hidden">and</span> {nameOf(pair.b)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No pairs yet.</p>
      )}
      {leftOut && state.pairs.length > 0 && <p className="small">{nameOf(leftOut)} has no partner: pair them by hand with someone below, or review their letter yourself.</p>}
      <div className="button-row">
        <button type="button" className="button button--primary" disabled={ended || busy !== null || pairable.length < 2} onClick={() => void handleAutoPair()}>
          Pair participants
        </button>
        <button type="button" className="button" disabled={ended || busy !== null || state.pairs.length === 0} onClick={() => void handleEndPairs()}>
          End pairs
        </button>
      </div>
      {pairable.length < 2 && <p className="muted small">Pairing needs at least two participants with a letter.</p>}
      {pairable.length >= 2 && (
        <form className="pair-form" onSubmit={handleManualPair} noValidate aria-label="Pair two people">
          <div className="pair-form__field">
            <label htmlFor={firstId}>First person</label>
            <select id={firstId} value={first} disabled={ended} onChange={(event) => setFirst(event.target.value)}>
              <option value="">Choose…</option>
              {pairable.map((userId) => (
                <option key={userId} value={userId}>
                  {nameOf(userId)}
                </option>
              ))}
            </select>
          </div>
          <div className="pair-form__field">
            <label htmlFor={secondId}>Second person</label>
            <select id={secondId} value={second} disabled={ended} onChange={(event) => setSecond(event.target.value)}>
              <option value="">Choose…</option>
              {pairable
                .filter((userId) => userId !== first)
                .map((userId) => (
                  <option key={userId} value={userId}>
                    {nameOf(userId)}
                  </option>
                ))}
            </select>
          </div>
          <button type="submit" className="button" disabled={ended || busy !== null}>
            Pair these two
          </button>
        </form>
      )}
      {(problem ?? error) && (
        <p className="field-error" role="alert">
          {problem ?? error}
        </p>
      )}
    </section>
  );
}
