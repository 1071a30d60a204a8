import { describe, expect, it } from 'vitest';
import { createLatestThrottle, type ThrottleClock } from '../../../../client/src/workshops/participant/throttle';

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 0;
  const clock: ThrottleClock = {
    now: () => now,
    setTimeout(fn, ms) {
      nextId += 1;
      timers.push({ at: now + ms, fn, id: nextId });
      return nextId;
    },
    clearTimeout(handle) {
      timers = timers.filter((timer) => timer.id !== handle);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((timer) => timer.at <= now);
    timers = timers.filter((timer) => timer.at > now);
    for (const timer of due) timer.fn();
  };
  return { clock, advance, pending: () => timers.length };
}

describe('createLatestThrottle', () => {
  it('sends the first value at once, then at most once per interval, ending with the latest', () => {
    const { clock, advance } = manualClock();
    const sent: (string | null)[] = [];
    const throttle = createLatestThrottle<string | null>((value) => sent.push(value), 2000, clock);

    throttle.push('header');
    expect(sent).toEqual(['header']);
    advance(500);
    throttle.push('summary');
    throttle.push('basis');
    expect(sent).toEqual(['header']);
    advance(1499);
    expect(sent).toEqual(['header']);
    advance(1);
    expect(sent).toEqual(['header', 'basis']);
  });

  it('does not repeat the value it sent last', () => {
    const { clock, advance } = manualClock();
    const sent: (string | null)[] = [];
    const throttle = createLatestThrottle<string | null>((value) => sent.push(value), 2000, clock);
    throttle.push('care');
    advance(100);
    throttle.push('risks');
    throttle.push('care');
    advance(5000);
    expect(sent).toEqual(['care']);
    throttle.push(null);
    expect(sent).toEqual(['care', null]);
  });

  it('drops the pending value when cancelled', () => {
    const { clock, advance, pending } = manualClock();
    const sent: string[] = [];
    const throttle = createLatestThrottle<string>((value) => sent.push(value), 2000, clock);
    throttle.push('a');
    throttle.push('b');
    expect(pending()).toBe(1);
    throttle.cancel();
    advance(5000);
    expect(sent).toEqual(['a']);
  });
});
