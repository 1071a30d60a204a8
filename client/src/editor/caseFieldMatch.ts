/**
 * Which case fields match what was typed after `{`: people type the field's name ("full",
 * "date of b", "number"), so every typed word must begin some word of the label, in any order.
 */
import { CASE_FIELDS, type CaseField } from '../../../shared/caseDetails';

/** The words of a label or a query: lower case, split at spaces and hyphens ("A-number" is "a", "number"). */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((word) => word !== '');
}

/** True when every word of `query` begins a word of `label` (an empty query matches everything). */
export function labelMatches(label: string, query: string): boolean {
  const labelWords = words(label);
  return words(query).every((wanted) => labelWords.some((word) => word.startsWith(wanted)));
}

/** The fields, in display order, whose labels match `query`. */
export function matchCaseFields(query: string): readonly { key: CaseField; label: string }[] {
  return CASE_FIELDS.filter((field) => labelMatches(field.label, query));
}
