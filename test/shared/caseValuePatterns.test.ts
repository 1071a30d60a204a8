import { describe, expect, it } from 'vitest';
import { EMPTY_CASE, type CaseDetails } from '../../shared/caseDetails';
import { caseFieldMatchers, findCaseValues } from '../../shared/caseValuePatterns';

const CASE: CaseDetails = {
  ...EMPTY_CASE,
  fullName: 'Maria Gonzalez',
  dateOfBirth: '1980-05-31',
  aNumber: '123456789',
  facility: 'Otay Mesa Detention Center',
  recipientName: 'John Smith',
  recipientTitle: 'Field Office Director',
  recipientOffice: 'ICE San Diego Field Office',
  deadline: '2026-12-20',
  legalRoute: 'bond',
  requestType: 'release',
};

/** The fields found in `text`, with the words each matched. */
function found(text: string, details: CaseDetails = CASE): [string, string][] {
  return findCaseValues(text, caseFieldMatchers(details)).map((match) => [match.field, text.slice(match.start, match.end)]);
}

describe('finding whole case values typed into the letter', () => {
  it('says which field each value belongs to', () => {
    expect(found('Maria Gonzalez (A123456789), born 05/31/1980, is held at Otay Mesa Detention Center.')).toEqual([
      ['fullName', 'Maria Gonzalez'],
      ['aNumber', 'A123456789'],
      ['dateOfBirth', '05/31/1980'],
      ['facility', 'Otay Mesa Detention Center'],
    ]);
    expect(found('To John Smith, Field Office Director, ICE San Diego Field Office, by December 20, 2026.')).toEqual([
      ['recipientName', 'John Smith'],
      ['recipientTitle', 'Field Office Director'],
      ['recipientOffice', 'ICE San Diego Field Office'],
      ['deadline', 'December 20, 2026'],
    ]);
  });

  it('finds the variants the de-identified views scrub: case, spacing, A-number and date spellings', () => {
    expect(found('MARIA  gonzalez')).toEqual([['fullName', 'MARIA  gonzalez']]);
    expect(found('Maria\u00a0Gonzalez')).toEqual([['fullName', 'Maria\u00a0Gonzalez']]);
    for (const typed of ['A123456789', 'A 123-456-789', '123 456 789', 'a-0123456789', '123.456.789']) {
      expect(found(`A-number ${typed}.`)).toEqual([['aNumber', typed]]);
    }
    for (const typed of ['1980-05-31', '5/31/80', '31.05.1980', 'May 31st, 1980', '31 May 1980', 'May 31, 1980']) {
      expect(found(`born ${typed}.`)).toEqual([['dateOfBirth', typed]]);
    }
  });

  it('does not offer the name’s parts alone, nor parts of longer words and names', () => {
    expect(found('Ms. Gonzalez told Maria about it.')).toEqual([]);
    expect(found('Anna-Maria Gonzalez and Maria Gonzalez-Lopez are other people.')).toEqual([]);
    expect(found('Maria Gonzalezova is not her.')).toEqual([]);
    expect(found('1123456789 and 1234567890 are other numbers; so is 05/31/19801.')).toEqual([]);
  });

  it('keeps a possessive after the name', () => {
    expect(found('Maria Gonzalez’s health')).toEqual([['fullName', 'Maria Gonzalez']]);
  });

  it('never matches the category words of the legal route and request type', () => {
    expect(found('We ask for release, a bond hearing, or other relief.')).toEqual([]);
  });

  it('matches nothing for an empty case, or a one-letter value', () => {
    expect(found('Maria Gonzalez, A123456789', EMPTY_CASE)).toEqual([]);
    expect(found('a b c', { ...EMPTY_CASE, fullName: 'a' })).toEqual([]);
  });

  it('prefers the longer of two overlapping values, and leaves out a stretch two fields match exactly', () => {
    const nested = { ...CASE, facility: 'San Diego' };
    expect(found('Send it to ICE San Diego Field Office.', nested)).toEqual([['recipientOffice', 'ICE San Diego Field Office']]);
    expect(found('She is in San Diego.', nested)).toEqual([['facility', 'San Diego']]);
    const sameDay = { ...CASE, deadline: CASE.dateOfBirth };
    expect(found('Due 05/31/1980, and Maria Gonzalez.', sameDay)).toEqual([['fullName', 'Maria Gonzalez']]);
  });
});
