import { describe, expect, it } from 'vitest';
import type { WorkshopTimer } from '../../../shared/workshops';
import { formatCountdown, timeLeftMs } from '../../../client/src/workshops/timer';

const MINUTE = 60_000;

function running(endsAt: string, durationMs = 15 * MINUTE): WorkshopTimer {
  return { state: 'running', durationMs, endsAt, remainingMs: null };
}

describe('timeLeftMs', () => {
  const now = Date.parse('2025-03-01T10:00:00.000Z');

  it('counts a running timer down to endsAt', () => {
    expect(timeLeftMs(running('2025-03-01T10:05:00.000Z'), 0, now)).toBe(5 * MINUTE);
    expect(timeLeftMs(running('2025-03-01T10:05:00.000Z'), 0, now + 90_000)).toBe(3.5 * MINUTE);
  });

  it('corrects for the client clock with the offset (server = client + offset)', () => {
    // The server is 30 s ahead of this client: 30 s less remain than the client clock suggests.
    expect(timeLeftMs(running('2025-03-01T10:05:00.000Z'), 30_000, now)).toBe(4.5 * MINUTE);
    // The server is behind.
    expect(timeLeftMs(running('2025-03-01T10:05:00.000Z'), -10_000, now)).toBe(5 * MINUTE + 10_000);
  });

  it('never goes below zero once the time is up', () => {
    expect(timeLeftMs(running('2025-03-01T09:59:00.000Z'), 0, now)).toBe(0);
  });

  it('holds remainingMs while paused or idle, whatever the clock', () => {
    const paused: WorkshopTimer = { state: 'paused', durationMs: 15 * MINUTE, endsAt: null, remainingMs: 7 * MINUTE };
    expect(timeLeftMs(paused, 0, now)).toBe(7 * MINUTE);
    expect(timeLeftMs(paused, 99_999, now + 3 * MINUTE)).toBe(7 * MINUTE);
    const idle: WorkshopTimer = { state: 'idle', durationMs: 40 * MINUTE, endsAt: null, remainingMs: 40 * MINUTE };
    expect(timeLeftMs(idle, 0, now)).toBe(40 * MINUTE);
  });

  it('falls back to the duration when an idle timer has no remainingMs', () => {
    expect(timeLeftMs({ state: 'idle', durationMs: 20 * MINUTE, endsAt: null, remainingMs: null }, 0, now)).toBe(20 * MINUTE);
  });

  it('survives a running timer without a usable endsAt', () => {
    expect(timeLeftMs({ state: 'running', durationMs: 10 * MINUTE, endsAt: 'not a date', remainingMs: null }, 0, now)).toBe(10 * MINUTE);
  });
});

describe('formatCountdown', () => {
  it('shows minutes and seconds, rounding up', () => {
    expect(formatCountdown(5 * MINUTE)).toBe('5:00');
    expect(formatCountdown(61_001)).toBe('1:02');
    expect(formatCountdown(999)).toBe('0:01');
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(-5)).toBe('0:00');
  });

  it('adds hours past sixty minutes', () => {
    expect(formatCountdown(2 * 3600_000 + 5 * MINUTE + 3000)).toBe('2:05:03');
  });
});
