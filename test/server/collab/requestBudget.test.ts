/** A socket's budget for costly requests: a burst at once, then one per interval, the latest waiting one answered when due. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestBudget } from '../../../server/collab/requestBudget';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function budget(burst: number, intervalMs: number, failed: (error: unknown) => void = () => {}) {
  return new RequestBudget(burst, intervalMs, failed, () => Date.now());
}

describe('RequestBudget', () => {
  it('answers a burst at once, then only the latest waiting request, once per interval', () => {
    const requests = budget(3, 1_000);
    const answered: number[] = [];
    for (let i = 0; i < 100; i += 1) requests.request(() => answered.push(i));
    expect(answered).toEqual([0, 1, 2]);
    expect(requests.deferred).toBe(97);

    vi.advanceTimersByTime(999);
    expect(answered).toEqual([0, 1, 2]);
    vi.advanceTimersByTime(1);
    expect(answered).toEqual([0, 1, 2, 99]);
    // Nothing waits any more: the next interval answers nothing by itself.
    vi.advanceTimersByTime(10_000);
    expect(answered).toEqual([0, 1, 2, 99]);
    // The budget refilled meanwhile.
    for (let i = 100; i < 103; i += 1) requests.request(() => answered.push(i));
    expect(answered).toEqual([0, 1, 2, 99, 100, 101, 102]);
  });

  it('never lets a new request overtake one that waits', () => {
    const requests = budget(1, 1_000);
    const answered: string[] = [];
    requests.request(() => answered.push('first'));
    requests.request(() => answered.push('waits'));
    // A token is back, but the waiting request is answered first, when its timer fires.
    vi.setSystemTime(Date.now() + 1_000);
    requests.request(() => answered.push('latest'));
    vi.advanceTimersByTime(1_000);
    expect(answered).toEqual(['first', 'latest']);
  });

  it('drops what waits when cancelled, and reports a late answer that throws', () => {
    const failures: unknown[] = [];
    const requests = budget(1, 1_000, (error) => failures.push(error));
    const answered: string[] = [];
    requests.request(() => answered.push('now'));
    requests.request(() => answered.push('cancelled'));
    requests.cancel();
    vi.advanceTimersByTime(5_000);
    expect(answered).toEqual(['now']);

    const error = new Error('store gone');
    requests.request(() => answered.push('now again'));
    requests.request(() => {
      throw error;
    });
    vi.advanceTimersByTime(1_000);
    expect(answered).toEqual(['now', 'now again']);
    expect(failures).toEqual([error]);
  });
});
