/**
 * The step timer as pure functions of the current timer and the clock, so the rules are testable
 * without a server. Running: `endsAt` is the deadline. Paused or idle: `remainingMs` is what is left.
 * `durationMs` is the step's length plus every extension.
 */
import type { WorkshopTimer } from '../../shared/workshops';

const MINUTE_MS = 60_000;

/** A step's timer before anyone started it: `minutes` long, nothing used. */
export function idleTimer(minutes: number): WorkshopTimer {
  const durationMs = minutes * MINUTE_MS;
  return { state: 'idle', durationMs, endsAt: null, remainingMs: durationMs };
}

/** Milliseconds left at `now` (never negative). */
export function remainingAt(timer: WorkshopTimer, now: number): number {
  if (timer.state === 'running') return Math.max(0, (timer.endsAt === null ? now : Date.parse(timer.endsAt)) - now);
  return Math.max(0, timer.remainingMs ?? timer.durationMs);
}

/** Starts or resumes: the deadline is now plus what was left. A running timer is unchanged. */
export function startTimer(timer: WorkshopTimer, now: number): WorkshopTimer {
  if (timer.state === 'running') return timer;
  return { state: 'running', durationMs: timer.durationMs, endsAt: new Date(now + remainingAt(timer, now)).toISOString(), remainingMs: null };
}

/** Pauses, keeping what is left. Only a running timer changes. */
export function pauseTimer(timer: WorkshopTimer, now: number): WorkshopTimer {
  if (timer.state !== 'running') return timer;
  return { state: 'paused', durationMs: timer.durationMs, endsAt: null, remainingMs: remainingAt(timer, now) };
}

/**
 * Adds `minutes` to the step: to the deadline when running (counted from now if it already ran
 * out, so an extension always gives that much more time), to what is left otherwise; and to the duration.
 */
export function extendTimer(timer: WorkshopTimer, minutes: number, now: number): WorkshopTimer {
  const extraMs = minutes * MINUTE_MS;
  const durationMs = timer.durationMs + extraMs;
  if (timer.state === 'running') {
    const deadline = Math.max(timer.endsAt === null ? now : Date.parse(timer.endsAt), now);
    return { state: 'running', durationMs, endsAt: new Date(deadline + extraMs).toISOString(), remainingMs: null };
  }
  return { state: timer.state, durationMs, endsAt: null, remainingMs: remainingAt(timer, now) + extraMs };
}
