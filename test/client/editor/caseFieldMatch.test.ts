import { describe, expect, it } from 'vitest';
import { matchCaseFields } from '../../../client/src/editor/caseFieldMatch';

const keys = (query: string) => matchCaseFields(query).map((field) => field.key);

describe('matching what was typed after { to case fields', () => {
  it('matches words anywhere in the label, by their beginnings', () => {
    expect(keys('full')[0]).toBe('fullName');
    expect(keys('date of b')).toEqual(['dateOfBirth']);
    expect(keys('birth')).toEqual(['dateOfBirth']);
    expect(keys('number')).toEqual(['aNumber']);
    expect(keys('name')).toEqual(['fullName', 'recipientName']);
    expect(keys('recipient off')).toEqual(['recipientOffice']);
  });

  it('is case-insensitive and ignores extra spaces', () => {
    expect(keys('  DATE  ')).toEqual(['dateOfBirth']);
  });

  it('lists every field for an empty query and none for a word no label has', () => {
    expect(keys('')).toHaveLength(10);
    expect(keys('passport')).toEqual([]);
  });
});
