/**
 * The patterns that find a case's values in free text however they were typed: the name with any
 * spacing, the A-number with or without "A" and separators, dates in several formats. The
 * de-identified views scrub what they find; the editor offers to turn whole values into placeholders.
 */
import type { CaseDetails, CaseField } from './caseDetails';

/**
 * The fields scrubbed from free text: everything that names or locates the person. The legal
 * route and request type are category choices ('bond', 'release', 'other'), not identifiers:
 * scrubbing those words would shred the letter and reveal nothing (their placeholders are still masked).
 */
const SCRUBBED_TEXT_FIELDS = ['fullName', 'facility', 'recipientName', 'recipientTitle', 'recipientOffice'] as const satisfies readonly CaseField[];
const SCRUBBED_DATE_FIELDS = ['dateOfBirth', 'deadline'] as const satisfies readonly CaseField[];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Separators people put inside numbers and dates. */
const NUMBER_SEPARATOR = '[\\s.\\-/]*';

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A literal value where any run of whitespace matches any run of whitespace (incl. no-break spaces). */
function flexibleLiteral(value: string): string {
  return value.split(/\s+/).filter(Boolean).map(escapeRegExp).join('\\s+');
}

/** The A-number with or without "A", with or without a leading 0 or separators ("A 012-345-678"). */
function aNumberPattern(stored: string): string | null {
  const digits = stored.replace(/\D/g, '');
  if (digits.length === 0) return null;
  const body = digits.split('').join(NUMBER_SEPARATOR);
  return `(?<![\\p{N}])(?:A${NUMBER_SEPARATOR})?(?:0${NUMBER_SEPARATOR})?${body}(?![\\p{N}])`;
}

/** A YYYY-MM-DD date as it is stored and as people write it (05/31/1980, 31.5.80, May 31st, 1980, 31 May 1980). */
function datePattern(stored: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(stored);
  if (!match) return null;
  const [, year = '', month = '', day = ''] = match;
  const monthIndex = Number(month) - 1;
  const m = `0?${Number(month)}`;
  const d = `0?${Number(day)}`;
  const y = `(?:${year}|${year.slice(2)})`;
  const sep = '\\s*[\\-/.]\\s*';
  const longName = MONTHS[monthIndex] ?? '';
  const monthName = `(?:${longName}|${longName.slice(0, 3)}\\.?)`;
  const ordinal = '(?:st|nd|rd|th)?';
  const variants = [
    `${year}${sep}${m}${sep}${d}`,
    `${m}${sep}${d}${sep}${y}`,
    `${d}${sep}${m}${sep}${y}`,
    `${monthName}\\s+${d}${ordinal},?\\s+${year}`,
    `${d}${ordinal}\\s+(?:of\\s+)?${monthName},?\\s+${year}`,
  ];
  return `(?<![\\p{N}])(?:${variants.join('|')})(?![\\p{N}])`;
}

/** Parts of the full name ("Maria", "Gonzalez"), matched as whole words: letters often say "Ms. Gonzalez". */
function namePartPatterns(fullName: string): string[] {
  return fullName
    .split(/[\s,.\-–—]+/)
    .filter((part) => [...part].length >= 2)
    .map((part) => `(?<![\\p{L}\\p{N}])${escapeRegExp(part)}(?![\\p{L}\\p{N}])`);
}

/** The patterns that find a case's identifying values in text (empty for an empty case). */
export function caseValueMatchers(details: CaseDetails): RegExp[] {
  const sources: string[] = [];
  for (const field of SCRUBBED_TEXT_FIELDS) {
    const value = details[field].normalize('NFC').trim();
    if (value !== '') sources.push(flexibleLiteral(value));
  }
  for (const field of SCRUBBED_DATE_FIELDS) {
    const value = details[field].trim();
    if (value === '') continue;
    sources.push(escapeRegExp(value), ...[datePattern(value)].filter((pattern) => pattern !== null));
  }
  const aNumber = details.aNumber.trim();
  if (aNumber !== '') {
    // The stored form and the printed one ("A123456789"), literally, plus the spelled-out variants.
    sources.push(escapeRegExp(aNumber), ...[aNumberPattern(aNumber)].filter((pattern) => pattern !== null));
  }
  sources.push(...namePartPatterns(details.fullName.normalize('NFC').trim()));
  return sources.map((source) => new RegExp(source, 'giu'));
}

/** One typed case value found in text: which field it is, and where (end exclusive). */
export interface CaseValueMatch {
  field: CaseField;
  start: number;
  end: number;
}

/** A pattern for one field's whole value, as the placeholder offer uses it. */
export interface FieldMatcher {
  field: CaseField;
  pattern: RegExp;
}

/**
 * Nothing that continues a word on either side: no letter or digit, and no hyphen ("Gonzalez-Lopez"
 * is another name); an apostrophe may follow ("Gonzalez's") but not precede ("O'Brien").
 */
const WORD_BEFORE = "(?<![\\p{L}\\p{N}\\-'’])";
const WORD_AFTER = '(?![\\p{L}\\p{N}\\-])';

/**
 * Patterns for each filled-in field's whole value, as whole words: the same variants the scrubbing
 * rules accept (any spacing, A-number and date spellings), but not the name's parts alone. A
 * placeholder stands for the whole value, so turning "Ms. Gonzalez" into the full name would
 * change the sentence; only the writer can say what "Gonzalez" should become. The category
 * fields (legal route, request type) are never matched: their values are ordinary words.
 */
export function caseFieldMatchers(details: CaseDetails): FieldMatcher[] {
  const sources: { field: CaseField; source: string }[] = [];
  for (const field of SCRUBBED_TEXT_FIELDS) {
    const value = details[field].normalize('NFC').trim();
    // A one-letter value would match initials and articles all over the letter.
    if ([...value].length >= 2) sources.push({ field, source: flexibleLiteral(value) });
  }
  for (const field of SCRUBBED_DATE_FIELDS) {
    const source = datePattern(details[field].trim());
    if (source !== null) sources.push({ field, source });
  }
  const aNumber = aNumberPattern(details.aNumber.trim());
  if (aNumber !== null) sources.push({ field: 'aNumber', source: aNumber });
  return sources.map(({ field, source }) => ({ field, pattern: new RegExp(`${WORD_BEFORE}(?:${source})${WORD_AFTER}`, 'giu') }));
}

/**
 * Every whole case value in `text`, in order and without overlaps: of overlapping values the first
 * wins, and of two starting together the longer ("ICE New York Field Office" over the facility
 * "New York"); a stretch two fields match exactly (a deadline on the birthday) is left out, as
 * nobody can tell which field it is.
 */
export function findCaseValues(text: string, matchers: readonly FieldMatcher[]): CaseValueMatch[] {
  const found: CaseValueMatch[] = [];
  for (const { field, pattern } of matchers) {
    for (const match of text.matchAll(pattern)) {
      if (match[0].length > 0) found.push({ field, start: match.index, end: match.index + match[0].length });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: CaseValueMatch[] = [];
  // Where the last stretch taken (or left out as ambiguous) ends: nothing may start inside it.
  let coveredUntil = 0;
  for (let index = 0; index < found.length; index += 1) {
    const match = found[index] as CaseValueMatch; // in bounds by the loop condition
    if (match.start < coveredUntil) continue;
    coveredUntil = match.end;
    const next = found[index + 1];
    // Sorted by start, then longest first: a second field matching exactly this stretch is next.
    if (next && next.start === match.start && next.end === match.end) continue;
    kept.push(match);
  }
  return kept;
}
