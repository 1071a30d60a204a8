/** Sorting a case PATCH's 400 message onto the fields it is about. */
import { describe, expect, it } from 'vitest';
import { sortFieldErrors } from '../../../client/src/case/fieldErrors';

describe('sortFieldErrors', () => {
  it('gives an unprefixed message to the one field that was sent', () => {
    expect(sortFieldErrors('an A-number has 8 or 9 digits', ['aNumber'])).toEqual({ fields: { aNumber: 'an A-number has 8 or 9 digits' }, general: null });
  });

  it('uses key or label prefixes when several fields were sent, and keeps the rest general', () => {
    const sorted = sortFieldErrors('aNumber: an A-number has 8 or 9 digits; Deadline: use a date as YYYY-MM-DD; nothing to change', ['aNumber', 'deadline', 'fullName']);
    expect(sorted.fields).toEqual({ aNumber: 'an A-number has 8 or 9 digits', deadline: 'use a date as YYYY-MM-DD' });
    expect(sorted.general).toBe('nothing to change');
  });

  it('cannot place unprefixed messages when several fields were sent', () => {
    expect(sortFieldErrors('use a date as YYYY-MM-DD', ['dateOfBirth', 'deadline'])).toEqual({ fields: {}, general: 'use a date as YYYY-MM-DD' });
  });
});
