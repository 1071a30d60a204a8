/**
 * The participants' table: who is here and online, their letter's progress (figures only, never
 * text), raised hands with a "Lower" button, partners, a Spotlight button per letter, and a link
 * to each letter its participant shared with the facilitator.
 */
import { Link } from 'wouter';
import type { BoardParticipant, WorkshopState } from '../../../../shared/workshops';
import { professionTag } from '../../session/professions';
import { partnerOf } from '../pairing';
import { sectionLabel } from '../sections';

/** Props of BoardTable. */
export interface BoardTableProps {
  participants: readonly BoardParticipant[];
  state: WorkshopState;
  /** A command is in flight: buttons wait. */
  busy: boolean;
  onLowerHand(userId: string): void;
  onSpotlight(letterId: string): void;
}

/** Whether the participant's hand is up: the live state decides, the polled board may lag behind it. */
export function handRaised(participant: BoardParticipant, state: WorkshopState): boolean {
  return state.hands.some((hand) => hand.userId === participant.userId);
}

/** "3/18", or "–" when there is nothing to count. */
function fraction(done: number, total: number): string {
  return total > 0 ? `${done}/${total}` : '–';
}

/** The table (the caller handles the empty board). */
export function BoardTable({ participants, state, busy, onLowerHand, onSpotlight }: BoardTableProps) {
  const names = new Map(participants.map((participant) => [participant.userId, participant.name]));
  const ended = state.ended;
  return (
    <div className="table-wrap">
      <table className="table workshop-board" data-testid="workshop-board">
        <caption className="visually-hidden">Participants and the progress of their letters</caption>
        <thead>
          <tr>
            <th scope="col">Participant</th>
            <th scope="col">Working on</th>
            <th scope="col">Checklist</th>
            <th scope="col">Sections</th>
            <th scope="col">Words</th>
            <th scope="col">Hand</th>
            <th scope="col">Partner</th>
            <th scope="col">
              <span className="visually-hidden">Shared screen</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {participants.map((participant) => {
            const raised = handRaised(participant, state);
            const partnerId = partnerOf(state.pairs, participant.userId);
            const onScreen = participant.letterId !== null && state.spotlight?.letterId === participant.letterId;
            const tag = professionTag(participant.profession);
            return (
              <tr key={participant.userId} data-testid="board-row" data-hand={raised ? 'raised' : 'none'} className={raised ? 'board-row--hand' : undefined}>
                <th scope="row">
                  <span className={`presence-dot presence-dot--${participant.online ? 'online' : 'offline'}`} aria-hidden="true" />
                  <span className="board-name">{participant.name}</span>
                  {tag && <span className="tag">{tag}</span>}
                  <span className="visually-hidden">{participant.online ? ', online' : ', offline'}</span>
                  <span className="board-letter muted">{participant.letterTitle ?? 'No letter yet'}</span>
                  {participant.letterId !== null && participant.sharesText && (
                    <Link className="board-open" href={`/letters/${encodeURIComponent(participant.letterId)}`} aria-label={`Open the letter ${participant.name} shared with you`}>
                      Open shared letter
                    </Link>
                  )}
                </th>
                <td>{participant.currentSection ? sectionLabel(participant.currentSection) : <span className="muted">–</span>}</td>
                <td className="nowrap">{fraction(participant.checklistDone, participant.checklistTotal)}</td>
                <td className="nowrap">{fraction(participant.sectionsStarted, participant.sectionsTotal)}</td>
                <td className="nowrap">{participant.letterId ? participant.wordCount : '–'}</td>
                <td className="nowrap">
                  {raised ? (
                    <span className="hand-raised">
                      <span className="hand-icon" aria-hidden="true" /> Raised{' '}
                      <button
                        type="button"
                        className="button button--small"
                        disabled={busy || ended}
                        aria-label={`Lower ${participant.name}'s hand`}
                        onClick={() => onLowerHand(participant.userId)}
                      >
                        Lower
                      </button>
                    </span>
                  ) : (
                    <span className="muted">–</span>
                  )}
                </td>
                <td>{partnerId ? (names.get(partnerId) ?? 'Someone who left') : <span className="muted">–</span>}</td>
                <td className="nowrap">
                  {participant.letterId !== null && (
                    <button
                      type="button"
                      className={onScreen ? 'button button--small button--active' : 'button button--small'}
                      disabled={busy || ended || onScreen}
                      aria-pressed={onScreen}
                      title={onScreen ? 'This letter is on the shared screen' : `Put ${participant.name}'s letter on the shared screen, de-identified`}
                      onClick={() => participant.letterId && onSpotlight(participant.letterId)}
                    >
                      Spotlight
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
