import { describe, expect, it } from 'vitest';
import type { LetterSummary } from '../../../../shared/letters';
import { LetterLimits } from '../../../../shared/limits';
import { DEFAULT_AGENDA, type Workshop, type WorkshopState, type WorkshopTimer } from '../../../../shared/workshops';
import {
  currentStep,
  defaultDraftTitle,
  findPartnerLetter,
  isEnded,
  isHandRaised,
  partnerName,
  partnerOf,
  timerDisplay,
} from '../../../../client/src/workshops/participant/participantRules';

const ME = 'user-me';
const PARTNER = 'user-partner';

function workshop(overrides: Partial<Workshop> = {}): Workshop {
  return {
    id: 'w1',
    title: 'Letter-writing night',
    date: '2025-03-01',
    joinCode: 'ABCDEF',
    role: 'participant',
    agenda: DEFAULT_AGENDA.map((step, index) => ({ ...step, id: `s${index}`, focusSections: [...step.focusSections] })),
    facilitator: { userId: 'f', name: 'Rosa' },
    createdAt: '2025-03-01T18:00:00.000Z',
    endedAt: null,
    myLetterId: null,
    sharesText: false,
    ...overrides,
  };
}

function state(overrides: Partial<WorkshopState> = {}): WorkshopState {
  return {
    workshopId: 'w1',
    revision: 1,
    stepIndex: 0,
    timer: { state: 'idle', durationMs: 15 * 60_000, endsAt: null, remainingMs: 15 * 60_000 },
    broadcast: null,
    hands: [],
    pairs: [],
    spotlight: null,
    ended: false,
    serverNow: '2025-03-01T18:00:00.000Z',
    ...overrides,
  };
}

function letter(id: string, role: LetterSummary['role'], owner: { userId: string; name: string }, overrides: Partial<LetterSummary> = {}): LetterSummary {
  return {
    id,
    title: `Letter ${id}`,
    template: 'medical-advocacy',
    status: 'draft',
    frozen: false,
    role,
    deidentified: false,
    createdAt: '2025-03-01T18:00:00.000Z',
    updatedAt: '2025-03-01T18:00:00.000Z',
    people: [{ userId: owner.userId, name: owner.name, profession: 'physician', role: 'owner', online: false }],
    deadline: '',
    ...overrides,
  };
}

describe('currentStep', () => {
  it('numbers the step from 1 and counts the agenda', () => {
    const result = currentStep(workshop(), state({ stepIndex: 1 }));
    expect(result?.step.title).toBe('Records walkthrough');
    expect(result?.number).toBe(2);
    expect(result?.count).toBe(DEFAULT_AGENDA.length);
  });

  it('clamps an index past the end of a shortened agenda, and has nothing for an empty one', () => {
    expect(currentStep(workshop(), state({ stepIndex: 99 }))?.step.title).toBe('Close-out');
    expect(currentStep(workshop({ agenda: [] }), state())).toBeNull();
  });
});

describe('partners and hands', () => {
  it('finds my partner on either side of a pair', () => {
    expect(partnerOf([{ a: 'x', b: 'y' }, { a: ME, b: PARTNER }], ME)).toBe(PARTNER);
    expect(partnerOf([{ a: PARTNER, b: ME }], ME)).toBe(PARTNER);
    expect(partnerOf([{ a: 'x', b: 'y' }], ME)).toBeNull();
    expect(partnerOf([], ME)).toBeNull();
  });

  it('sees my raised hand only', () => {
    const hands = [{ userId: 'other', name: 'Ben', raisedAt: '2025-03-01T18:05:00.000Z' }];
    expect(isHandRaised(state({ hands }), ME)).toBe(false);
    expect(isHandRaised(state({ hands: [...hands, { userId: ME, name: 'Me', raisedAt: '2025-03-01T18:06:00.000Z' }] }), ME)).toBe(true);
  });

  it('takes the end from the live state or from the workshop', () => {
    expect(isEnded(workshop(), state())).toBe(false);
    expect(isEnded(workshop(), state({ ended: true }))).toBe(true);
    expect(isEnded(workshop({ endedAt: '2025-03-01T20:00:00.000Z' }), state())).toBe(true);
  });
});

describe('findPartnerLetter', () => {
  const partner = { userId: PARTNER, name: 'Dr. Ben Carter' };

  it("picks the partner's own letter that I may only comment on, preferring the workshop's grant", () => {
    const letters = [
      letter('mine', 'owner', { userId: ME, name: 'Me' }),
      letter('co-written', 'editor', partner),
      letter('older-grant', 'commenter', partner, { updatedAt: '2025-03-01T19:00:00.000Z' }),
      letter('workshop-grant', 'commenter', partner, { deidentified: true }),
      letter('someone-else', 'commenter', { userId: 'x', name: 'X' }, { deidentified: true }),
    ];
    expect(findPartnerLetter(letters, PARTNER)?.id).toBe('workshop-grant');
    expect(partnerName(findPartnerLetter(letters, PARTNER), PARTNER)).toBe('Dr. Ben Carter');
  });

  it('takes the most recently changed when nothing marks the grant', () => {
    const letters = [letter('a', 'commenter', partner, { updatedAt: '2025-03-01T18:10:00.000Z' }), letter('b', 'commenter', partner, { updatedAt: '2025-03-01T18:20:00.000Z' })];
    expect(findPartnerLetter(letters, PARTNER)?.id).toBe('b');
  });

  it('finds nothing before the grant arrives', () => {
    expect(findPartnerLetter([letter('mine', 'owner', { userId: ME, name: 'Me' })], PARTNER)).toBeNull();
    expect(partnerName(null, PARTNER)).toBeNull();
  });
});

describe('defaultDraftTitle', () => {
  it('names the draft after the workshop, within the title limit', () => {
    expect(defaultDraftTitle('Letter-writing night ')).toBe('Letter-writing night — draft');
    const long = defaultDraftTitle('x'.repeat(LetterLimits.maxTitleLength));
    expect(long.length).toBeLessThanOrEqual(LetterLimits.maxTitleLength);
    expect(long.endsWith(' — draft')).toBe(true);
  });
});

describe('timerDisplay', () => {
  const timer = (overrides: Partial<WorkshopTimer>): WorkshopTimer => ({ state: 'running', durationMs: 900_000, endsAt: null, remainingMs: null, ...overrides });

  it('counts down while running, rounding up to whole seconds', () => {
    expect(timerDisplay(timer({}), 754_200)).toEqual({ tone: 'running', text: '12:35 left' });
    expect(timerDisplay(timer({}), 1)).toEqual({ tone: 'running', text: '0:01 left' });
  });

  it("says time's up at zero, paused when paused, and not started when idle", () => {
    expect(timerDisplay(timer({}), 0)).toEqual({ tone: 'over', text: "Time's up" });
    expect(timerDisplay(timer({ state: 'paused' }), 300_000)).toEqual({ tone: 'paused', text: 'Paused · 5:00 left' });
    expect(timerDisplay(timer({ state: 'paused' }), 0).tone).toBe('over');
    expect(timerDisplay(timer({ state: 'idle' }), 900_000)).toEqual({ tone: 'idle', text: '15:00 · not started yet' });
  });
});
