/**
 * The step timer: running means a deadline (`endsAt = now + remaining`), pausing keeps what is
 * left, extending adds to whichever of the two applies and to the duration, reset and step moves
 * make it idle with the step's minutes. Checked as pure functions and through the API with the
 * clock (Date only) under the test's control.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkshopTimer } from '../../../shared/workshops';
import { extendTimer, idleTimer, pauseTimer, remainingAt, startTimer } from '../../../server/workshops/timer';
import { useTestResources } from '../../helpers/resources';
import { act, getState, setUpWorkshop } from '../../helpers/workshops';

const resources = useTestResources();

const MINUTE = 60_000;
const T0 = Date.parse('2030-03-04T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

afterEach(() => {
  vi.useRealTimers();
});

describe('timer rules', () => {
  it('idle: the step’s minutes, nothing used', () => {
    expect(idleTimer(15)).toEqual({ state: 'idle', durationMs: 15 * MINUTE, endsAt: null, remainingMs: 15 * MINUTE });
  });

  it('start sets the deadline from what is left; starting a running timer changes nothing', () => {
    const running = startTimer(idleTimer(15), T0);
    expect(running).toEqual({ state: 'running', durationMs: 15 * MINUTE, endsAt: iso(T0 + 15 * MINUTE), remainingMs: null });
    expect(startTimer(running, T0 + 5 * MINUTE)).toBe(running);
    expect(remainingAt(running, T0 + 4 * MINUTE)).toBe(11 * MINUTE);
    expect(remainingAt(running, T0 + 20 * MINUTE), 'never negative').toBe(0);
  });

  it('pause keeps what is left; resume counts it from the new start; pausing a paused timer changes nothing', () => {
    const paused = pauseTimer(startTimer(idleTimer(15), T0), T0 + 4 * MINUTE + 500);
    expect(paused).toEqual({ state: 'paused', durationMs: 15 * MINUTE, endsAt: null, remainingMs: 11 * MINUTE - 500 });
    expect(pauseTimer(paused, T0 + 9 * MINUTE)).toBe(paused);
    expect(startTimer(paused, T0 + 30 * MINUTE)).toEqual({ state: 'running', durationMs: 15 * MINUTE, endsAt: iso(T0 + 41 * MINUTE - 500), remainingMs: null });
    expect(pauseTimer(idleTimer(5), T0)).toEqual(idleTimer(5));
  });

  it('extend adds to the deadline when running, to what is left otherwise, and always to the duration', () => {
    const running = startTimer(idleTimer(15), T0);
    expect(extendTimer(running, 5, T0 + MINUTE)).toEqual({ state: 'running', durationMs: 20 * MINUTE, endsAt: iso(T0 + 20 * MINUTE), remainingMs: null });
    const paused: WorkshopTimer = pauseTimer(running, T0 + 10 * MINUTE);
    expect(extendTimer(paused, 3, T0 + 12 * MINUTE)).toEqual({ state: 'paused', durationMs: 18 * MINUTE, endsAt: null, remainingMs: 8 * MINUTE });
    expect(extendTimer(idleTimer(10), 2, T0)).toEqual({ state: 'idle', durationMs: 12 * MINUTE, endsAt: null, remainingMs: 12 * MINUTE });
  });

  it('extending a timer that already ran out gives that much time from now', () => {
    const running = startTimer(idleTimer(1), T0);
    expect(extendTimer(running, 5, T0 + 3 * MINUTE)).toEqual({ state: 'running', durationMs: 6 * MINUTE, endsAt: iso(T0 + 8 * MINUTE), remainingMs: null });
  });
});

describe('the timer over the API', () => {
  it('start, pause, extend, resume, reset and a step change, with the server’s clock moved by the test', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1, {
      agenda: [
        { title: 'Briefing', minutes: 15 },
        { title: 'Drafting', minutes: 40 },
      ],
    });
    const participant = participants[0]?.user;
    if (!participant) throw new Error('setUpWorkshop made one participant');
    // Only Date is faked: sockets and the database keep their real timers. Near the real time, so sessions stay valid.
    const t0 = Math.ceil(Date.now() / MINUTE) * MINUTE;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(t0);

    const started = await act(server, facilitator, workshop.id, { type: 'timerStart' });
    expect(started.timer).toEqual({ state: 'running', durationMs: 15 * MINUTE, endsAt: iso(t0 + 15 * MINUTE), remainingMs: null });
    expect(started.serverNow).toBe(iso(t0));

    vi.setSystemTime(t0 + 6 * MINUTE);
    const paused = await act(server, facilitator, workshop.id, { type: 'timerPause' });
    expect(paused.timer).toEqual({ state: 'paused', durationMs: 15 * MINUTE, endsAt: null, remainingMs: 9 * MINUTE });

    const extendedPaused = await act(server, facilitator, workshop.id, { type: 'timerExtend', minutes: 5 });
    expect(extendedPaused.timer).toEqual({ state: 'paused', durationMs: 20 * MINUTE, endsAt: null, remainingMs: 14 * MINUTE });

    vi.setSystemTime(t0 + 60 * MINUTE);
    const resumed = await act(server, facilitator, workshop.id, { type: 'timerStart' });
    expect(resumed.timer).toEqual({ state: 'running', durationMs: 20 * MINUTE, endsAt: iso(t0 + 74 * MINUTE), remainingMs: null });

    vi.setSystemTime(t0 + 61 * MINUTE);
    const extendedRunning = await act(server, facilitator, workshop.id, { type: 'timerExtend', minutes: 2 });
    expect(extendedRunning.timer).toEqual({ state: 'running', durationMs: 22 * MINUTE, endsAt: iso(t0 + 76 * MINUTE), remainingMs: null });
    expect((await getState(server, participant, workshop.id)).timer, 'participants see the same timer').toEqual(extendedRunning.timer);

    const reset = await act(server, facilitator, workshop.id, { type: 'timerReset' });
    expect(reset.timer).toEqual({ state: 'idle', durationMs: 15 * MINUTE, endsAt: null, remainingMs: 15 * MINUTE });

    await act(server, facilitator, workshop.id, { type: 'timerStart' });
    const moved = await act(server, facilitator, workshop.id, { type: 'nextStep' });
    expect(moved.timer).toEqual({ state: 'idle', durationMs: 40 * MINUTE, endsAt: null, remainingMs: 40 * MINUTE });
  });
});
