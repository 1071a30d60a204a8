/** Small text formatting for exports: dates, case values as printed, safe file names. */
import type { CaseDetails, CaseField } from '../../shared/caseDetails';
import { CASE_FIELDS, caseFieldText } from '../../shared/caseDetails';

const LONG_DATE = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });

/** "March 14, 1980" for "1980-03-14"; anything else unchanged. Read as a calendar date, never shifted by time zone. */
export function formatIsoDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) ? value : LONG_DATE.format(date);
}

/** Today's date as a letter is dated: the server's calendar day, e.g. "March 5, 2026". */
export function formatLetterDate(now: Date): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long' }).format(now);
}

const DATE_FIELDS = new Set<CaseField>(['dateOfBirth', 'deadline']);

/**
 * A case value as a printed letter shows it: dates spelled out, routes and types by label, and an
 * unfilled field as "[Full name]" so a reviewer sees at once what is missing.
 */
export function printedCaseValue(details: CaseDetails, field: CaseField): string {
  if (details[field] === '') return `[${CASE_FIELDS.find((f) => f.key === field)?.label ?? field}]`;
  const text = caseFieldText(details, field);
  return DATE_FIELDS.has(field) ? formatIsoDate(text) : text;
}

/** Longest file name stem an export gets. */
const MAX_STEM_LENGTH = 100;

/**
 * A file name stem from a title that is safe in a quoted Content-Disposition `filename` and on
 * every file system: ASCII letters, digits and a few separators; "letter" when nothing is left.
 */
export function safeFileStem(title: string): string {
  const ascii = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const stem = ascii
    .replace(/[^A-Za-z0-9 ._()-]+/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/-{2,}/g, '-')
    .replace(/^[\s.-]+|[\s.-]+$/g, '')
    .slice(0, MAX_STEM_LENGTH)
    .trim();
  return stem === '' ? 'letter' : stem;
}
