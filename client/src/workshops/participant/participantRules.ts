/**
 * What a participant's screen shows, worked out from the workshop and its live state: the current
 * step, their peer-review partner, their raised hand, the timer's wording. Pure functions.
 */
import type { LetterSummary } from '../../../../shared/letters';
import { LetterLimits } from '../../../../shared/limits';
import type { AgendaStep, Workshop, WorkshopState, WorkshopTimer } from '../../../../shared/workshops';
import { formatCountdown } from '../timer';

/** The step the session is at, with its 1-based number and the agenda's length; null for an empty agenda. */
export function currentStep(workshop: Workshop, state: WorkshopState): { step: AgendaStep; number: number; count: number } | null {
  const count = workshop.agenda.length;
  if (count === 0) return null;
  // The server clamps the index when the agenda shrinks; the workshop we hold may be older than the state.
  const index = Math.min(Math.max(0, state.stepIndex), count - 1);
  const step = workshop.agenda[index];
  return step ? { step, number: index + 1, count } : null;
}

/** Whether the session is over, by the live state or the workshop itself. */
export function isEnded(workshop: Workshop, state: WorkshopState): boolean {
  return state.ended || workshop.endedAt !== null;
}

/** The user `userId` is paired with for peer review, or null. */
export function partnerOf(pairs: WorkshopState['pairs'], userId: string): string | null {
  for (const pair of pairs) {
    if (pair.a === userId && pair.b !== userId) return pair.b;
    if (pair.b === userId && pair.a !== userId) return pair.a;
  }
  return null;
}

/** Whether `userId` has a hand up. */
export function isHandRaised(state: WorkshopState, userId: string): boolean {
  return state.hands.some((hand) => hand.userId === userId);
}

/**
 * The partner's letter among mine: the state names partners by user, not letter, and pairing makes
 * me a (de-identified) member of their letter. Their own letter, on which I am not an owner or
 * editor; a de-identified membership wins, then the most recently changed.
 */
export function findPartnerLetter(letters: readonly LetterSummary[], partnerId: string): LetterSummary | null {
  const candidates = letters.filter(
    (letter) =>
      (letter.role === 'commenter' || letter.role === 'viewer') &&
      letter.people.some((person) => person.userId === partnerId && person.role === 'owner'),
  );
  const score = (letter: LetterSummary) => (letter.deidentified ? 1 : 0);
  const [best] = [...candidates].sort((a, b) => score(b) - score(a) || b.updatedAt.localeCompare(a.updatedAt));
  return best ?? null;
}

/** The partner's display name from their letter's people, or null. */
export function partnerName(letter: LetterSummary | null, partnerId: string): string | null {
  return letter?.people.find((person) => person.userId === partnerId)?.name ?? null;
}

/** The default title of a new letter started in a workshop, within the letter title limit. */
export function defaultDraftTitle(workshopTitle: string): string {
  const suffix = ' — draft';
  const room = LetterLimits.maxTitleLength - suffix.length;
  const base = workshopTitle.trim().slice(0, room).trimEnd();
  return `${base}${suffix}`;
}

/** How the countdown reads, and its tone for styling. */
export interface TimerDisplay {
  tone: 'running' | 'paused' | 'idle' | 'over';
  /** The visible text, e.g. "12:04 left", "Paused · 12:04 left", "Time's up". */
  text: string;
}

/** The wording of the step's timer with `leftMs` left. */
export function timerDisplay(timer: WorkshopTimer, leftMs: number): TimerDisplay {
  const left = formatCountdown(leftMs);
  if (timer.state === 'running') return leftMs > 0 ? { tone: 'running', text: `${left} left` } : { tone: 'over', text: "Time's up" };
  if (timer.state === 'paused') return leftMs > 0 ? { tone: 'paused', text: `Paused · ${left} left` } : { tone: 'over', text: "Paused · Time's up" };
  return { tone: 'idle', text: `${left} · not started yet` };
}
