/**
 * Suggestions from the letter's content for its checklist: an empty section, no license number in
 * Qualifications, no dates in "Care in detention", more than four pages, unfilled case fields.
 * Pure functions over ProseMirror JSON: they only ever produce hints, never ticks.
 */
import { CASE_FIELDS, type CaseDetails, type CaseField } from '../../../shared/caseDetails';
import type { SuggestionKind } from '../../../shared/checklist';
import { caseFieldsIn, countWords, nodeText, splitSections, type DocJson, type SectionContent } from '../../../shared/sections';
import type { LetterTemplate } from '../../../shared/templates';

// The section rules live in shared/ (the server's send check uses the same ones); re-exported for
// the modules that read them from here.
export { caseFieldsIn, countWords, nodeText, normalizeHeading, splitSections } from '../../../shared/sections';
export type { DocJson, SectionContent } from '../../../shared/sections';

/** About how many words fit a printed page of a letter. */
export const WORDS_PER_PAGE = 500;

/** Letters longer than this many pages lose their readers (checklist item "1-4 pages"). */
export const MAX_PAGES = 4;

/** The case fields the identifiers item is about (name, DOB, A-number, facility, recipient). */
export const IDENTIFIER_FIELDS: readonly CaseField[] = [
  'fullName',
  'dateOfBirth',
  'aNumber',
  'facility',
  'recipientName',
  'recipientTitle',
  'recipientOffice',
];

/** Everything the hints are computed from. */
export interface LetterAnalysis {
  sections: ReadonlyMap<string, SectionContent>;
  words: number;
  /** Estimated printed pages (at least 1). */
  pages: number;
  /** Case fields the body shows as placeholders. */
  usedFields: ReadonlySet<CaseField>;
  /** Identifier fields, and fields used in the body, that are still empty; null while the case is unknown. */
  unfilledFields: readonly CaseField[] | null;
}

/** A hint shown on a checklist item. */
export interface ChecklistHint {
  kind: SuggestionKind | 'emptySection' | 'missingSection';
  message: string;
}

/**
 * A license number: the noun "license"/"licence" (not "licensed") or "lic." followed closely by a
 * number of 4+ digits, optionally with a letter prefix (MD-45821, A123456).
 */
const LICENSE_PATTERN = /\b(licen[cs]e\b|lic\.)[^\n;]{0,40}?(\b[A-Z]{1,4}[-\s]?|#\s*|\b)\d{4,}/i;

/** Whether `text` states a license number. */
export function hasLicenseNumber(text: string): boolean {
  return LICENSE_PATTERN.test(text);
}

const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
/** ISO dates, numeric dates (3/5/2024, 05.03.24), "March 5, 2024", "5 March 2024", "March 2024". */
const DATE_PATTERNS: readonly RegExp[] = [
  /\b\d{4}-\d{1,2}-\d{1,2}\b/,
  /\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b/,
  new RegExp(`\\b${MONTH}\\s+\\d{1,2}(st|nd|rd|th)?,?\\s+\\d{4}\\b`, 'i'),
  new RegExp(`\\b\\d{1,2}(st|nd|rd|th)?\\s+${MONTH}\\s+\\d{4}\\b`, 'i'),
  new RegExp(`\\b${MONTH}\\s+\\d{4}\\b`, 'i'),
];

/** Whether `text` contains a date. */
export function hasDate(text: string): boolean {
  return DATE_PATTERNS.some((pattern) => pattern.test(text));
}

/** The estimated printed length of a letter with `words` words. */
export function estimatePages(words: number): number {
  return Math.max(1, Math.ceil(words / WORDS_PER_PAGE));
}

/** Reads the letter once for all hints; `details` is null while the case is not loaded. */
export function analyzeLetter(doc: DocJson, template: LetterTemplate | null, details: CaseDetails | null): LetterAnalysis {
  const words = countWords(nodeText(doc));
  const usedFields = new Set(caseFieldsIn(doc));
  const wanted = new Set<CaseField>([...IDENTIFIER_FIELDS, ...usedFields]);
  return {
    sections: template ? splitSections(doc, template) : new Map(),
    words,
    pages: estimatePages(words),
    usedFields,
    unfilledFields: details ? CASE_FIELDS.map((field) => field.key).filter((key) => wanted.has(key) && details[key] === '') : null,
  };
}

const fieldLabel = (key: CaseField): string => CASE_FIELDS.find((field) => field.key === key)?.label ?? key;

/** The hints for one checklist item, from the analysis of the letter. */
export function itemHints(item: { sectionKey: string; suggestion: SuggestionKind | null }, analysis: LetterAnalysis): ChecklistHint[] {
  const hints: ChecklistHint[] = [];
  const section = analysis.sections.get(item.sectionKey);
  if (section && !section.found) {
    hints.push({ kind: 'missingSection', message: `The letter has no “${section.heading}” heading.` });
  } else if (section?.empty) {
    hints.push({ kind: 'emptySection', message: `“${section.heading}” is still empty.` });
  }
  switch (item.suggestion) {
    case 'caseFields':
      if (analysis.unfilledFields && analysis.unfilledFields.length > 0) {
        hints.push({ kind: 'caseFields', message: `Case details not filled in: ${analysis.unfilledFields.map(fieldLabel).join(', ')}.` });
      }
      break;
    case 'licenseNumber': {
      const qualifications = analysis.sections.get('qualifications');
      if (qualifications?.found && !qualifications.empty && !hasLicenseNumber(qualifications.text)) {
        hints.push({ kind: 'licenseNumber', message: 'No license number found in Qualifications.' });
      }
      break;
    }
    case 'datesInCare': {
      const care = analysis.sections.get('care');
      if (care?.found && !care.empty && !hasDate(care.text)) {
        hints.push({ kind: 'datesInCare', message: 'No dates found in “Care in detention”.' });
      }
      break;
    }
    case 'length':
      if (analysis.pages > MAX_PAGES) {
        hints.push({ kind: 'length', message: `About ${analysis.pages} pages (${analysis.words} words); aim for ${MAX_PAGES} or fewer.` });
      }
      break;
    case null:
      break;
  }
  return hints;
}
