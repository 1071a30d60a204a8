/** Small text formatting for exports: dates, case values as printed, safe file names. */
import type { CaseDetails, CaseField } from '../../shared/caseDetails';
import { CASE_FIELDS, caseFieldText, formatCaseDate } from '../../shared/caseDetails';

/** The locale every export is printed in. */
const EXPORT_LOCALE = 'en-US';

/** "March 14, 1980" for "1980-03-14"; anything else unchanged. Read as a calendar date, never shifted by time zone. */
export function formatIsoDate(value: string): string {
  return formatCaseDate(value, EXPORT_LOCALE);
}

/** Today's date as a letter is dated: the server's calendar day, e.g. "March 5, 2026". */
export function formatLetterDate(now: Date): string {
  return new Intl.DateTimeFormat(EXPORT_LOCALE, { dateStyle: 'long' }).format(now);
}

/**
 * A case value as a printed letter shows it: dates spelled out, routes and types by label, and an
 * unfilled field as "[Full name]" so a reviewer sees at once what is missing.
 */
export function printedCaseValue(details: CaseDetails, field: CaseField): string {
  if (details[field] === '') return `[${CASE_FIELDS.find((f) => f.key === field)?.label ?? field}]`;
  return caseFieldText(details, field, EXPORT_LOCALE);
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
