import { describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET, JoinSchema, WorkshopLimits } from '../../../shared/workshops';
import { ApiRequestError } from '../../../client/src/api/http';
import { joinErrorMessage } from '../../../client/src/workshops/JoinCodeForm';
import { formatWorkshopDate } from '../../../client/src/workshops/formatWorkshopDate';
import { focusSummary, sectionLabel } from '../../../client/src/workshops/sections';
import { normalizeJoinCode, validateJoinCode, validateWorkshopDate, validateWorkshopTitle } from '../../../client/src/workshops/workshopForms';

describe('join codes', () => {
  it('normalizes what people type', () => {
    expect(normalizeJoinCode(' k7m-2pq ')).toBe('K7M2PQ');
  });

  it('accepts exactly what the server accepts', () => {
    const code = JOIN_CODE_ALPHABET.slice(0, WorkshopLimits.joinCodeLength);
    expect(validateJoinCode(code)).toBeNull();
    expect(JoinSchema.safeParse({ code }).success).toBe(true);
  });

  it('explains wrong lengths and characters', () => {
    expect(validateJoinCode('')).toMatch(/Enter the code/);
    expect(validateJoinCode('ABC')).toMatch(/6 characters; this one has 3/);
    expect(validateJoinCode('ABC0DE')).toMatch(/never contain “0”/);
  });

  it('words join errors for participants', () => {
    expect(joinErrorMessage(new ApiRequestError(404, 'unknown_code', 'x'), 'K7M2PQ')).toMatch(/No workshop has the code K7M2PQ/);
    expect(joinErrorMessage(new ApiRequestError(409, 'workshop_ended', 'x'), 'K7M2PQ')).toMatch(/has ended/);
    expect(joinErrorMessage(new ApiRequestError(500, 'internal', 'Server said no.'), 'K7M2PQ')).toBe('Server said no.');
  });
});

describe('workshop fields', () => {
  it('checks titles', () => {
    expect(validateWorkshopTitle('  ')).toMatch(/give the workshop a title/);
    expect(validateWorkshopTitle('x'.repeat(WorkshopLimits.maxTitleLength + 1))).toMatch(/at most/);
    expect(validateWorkshopTitle('Letter night')).toBeNull();
  });

  it('checks dates', () => {
    expect(validateWorkshopDate('')).toMatch(/choose the date/);
    expect(validateWorkshopDate('2025-02-30')).toMatch(/does not exist/);
    expect(validateWorkshopDate('March 3')).toMatch(/YYYY-MM-DD/);
    expect(validateWorkshopDate('2024-02-29')).toBeNull();
  });

  it('shows a calendar date on the same day in every time zone', () => {
    expect(formatWorkshopDate('2025-03-01')).toMatch(/1/);
    expect(formatWorkshopDate('2025-03-01')).toMatch(/2025/);
    expect(formatWorkshopDate('soon')).toBe('soon');
  });
});

describe('section labels', () => {
  it('uses template headings and checklist groups', () => {
    expect(sectionLabel('care')).toBe('Care in detention');
    expect(sectionLabel('privacy')).toBe('Privacy');
    expect(sectionLabel('mystery')).toBe('mystery');
    expect(focusSummary(['header', 'summary'])).toBe('Header, Summary of request');
    expect(focusSummary([])).toBe('Whole letter');
  });
});
