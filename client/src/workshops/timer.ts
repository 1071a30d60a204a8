/** Time left on a workshop step's timer, from the shared state and the client's clock correction. */
import type { WorkshopTimer } from '../../../shared/workshops';

/**
 * Milliseconds left on `timer` at client time `now`, never negative. A running timer counts down to
 * `endsAt` on the server's clock, which is the client's clock plus `clockOffsetMs`
 * (serverNow − client time when the state arrived); idle and paused timers hold `remainingMs`.
 */
export function timeLeftMs(timer: WorkshopTimer, clockOffsetMs: number, now: number = Date.now()): number {
  if (timer.state === 'running' && timer.endsAt !== null) {
    const endsAt = Date.parse(timer.endsAt);
    if (Number.isNaN(endsAt)) return Math.max(0, timer.remainingMs ?? timer.durationMs);
    return Math.max(0, endsAt - (now + clockOffsetMs));
  }
  return Math.max(0, timer.remainingMs ?? timer.durationMs);
}

/** `m:ss` (or `h:mm:ss` past an hour) for a countdown, rounding up so 0:00 means really over. */
export function formatCountdown(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}
