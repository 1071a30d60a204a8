import { describe, expect, it } from 'vitest';
import type { WorkshopState } from '../../../shared/workshops';
import { isNewerState, parseStateEvent } from '../../../client/src/workshops/useWorkshopState';

function makeState(overrides: Partial<WorkshopState> = {}): WorkshopState {
  return {
    workshopId: `w-${Math.random().toString(36).slice(2)}`,
    revision: 1,
    stepIndex: 0,
    timer: { state: 'idle', durationMs: 900_000, endsAt: null, remainingMs: 900_000 },
    broadcast: null,
    hands: [],
    pairs: [],
    spotlight: null,
    ended: false,
    serverNow: new Date().toISOString(),
    ...overrides,
  };
}

describe('isNewerState', () => {
  it('takes the first state, newer and equal revisions, and refuses older ones', () => {
    const current = makeState({ revision: 5 });
    expect(isNewerState(null, current)).toBe(true);
    expect(isNewerState(current, { ...current, revision: 6 })).toBe(true);
    expect(isNewerState(current, { ...current, revision: 5 })).toBe(true);
    expect(isNewerState(current, { ...current, revision: 4 })).toBe(false);
  });

  it('takes any revision of another workshop', () => {
    expect(isNewerState(makeState({ revision: 9 }), makeState({ revision: 1 }))).toBe(true);
  });
});

describe('parseStateEvent', () => {
  it('parses a state event', () => {
    const state = makeState({ revision: 3, hands: [{ userId: 'u1', name: 'Dr. Ada', raisedAt: new Date().toISOString() }] });
    expect(parseStateEvent(JSON.stringify(state))).toEqual(state);
  });

  it('drops malformed or foreign data', () => {
    expect(parseStateEvent('{not json')).toBeNull();
    expect(parseStateEvent(JSON.stringify({ revision: 1 }))).toBeNull();
    expect(parseStateEvent(undefined)).toBeNull();
  });
});
