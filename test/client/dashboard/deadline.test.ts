import { describe, expect, it } from 'vitest';
import { deadlineLabel, deadlineState, localToday } from '../../../client/src/dashboard/deadline';

describe('deadlineState', () => {
  it('counts calendar days, so overdue, today, soon and later follow the date alone', () => {
    expect(deadlineState('2025-03-08', '2025-03-10')).toEqual({ urgency: 'overdue', days: -2 });
    expect(deadlineState('2025-03-10', '2025-03-10')).toEqual({ urgency: 'today', days: 0 });
    expect(deadlineState('2025-03-17', '2025-03-10')).toEqual({ urgency: 'soon', days: 7 });
    expect(deadlineState('2025-03-18', '2025-03-10')).toEqual({ urgency: 'later', days: 8 });
  });

  it('crosses month ends and daylight-saving changes without losing a day', () => {
    expect(deadlineState('2025-04-01', '2025-03-28').days).toBe(4);
    expect(deadlineState('2025-11-03', '2025-10-31').days).toBe(3);
  });

  it('has nothing to flag without a deadline, with a malformed one, or once the letter is sent', () => {
    expect(deadlineState('', '2025-03-10')).toEqual({ urgency: 'none', days: null });
    expect(deadlineState('10/03/2025', '2025-03-10').urgency).toBe('none');
    expect(deadlineState('2025-03-01', '2025-03-10', true).urgency).toBe('later');
  });
});

describe('deadlineLabel', () => {
  it('says in words what the colour repeats', () => {
    expect(deadlineLabel({ urgency: 'overdue', days: -1 })).toBe('Overdue by 1 day');
    expect(deadlineLabel({ urgency: 'overdue', days: -5 })).toBe('Overdue by 5 days');
    expect(deadlineLabel({ urgency: 'today', days: 0 })).toBe('Due today');
    expect(deadlineLabel({ urgency: 'soon', days: 1 })).toBe('Due tomorrow');
    expect(deadlineLabel({ urgency: 'soon', days: 6 })).toBe('Due in 6 days');
    expect(deadlineLabel({ urgency: 'later', days: 30 })).toBe('');
  });
});

describe('localToday', () => {
  it('formats the local calendar date', () => {
    expect(localToday(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
  });
});
