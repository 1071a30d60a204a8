/**
 * De-identification for workshop views (the spotlight, peer review): case-field placeholders become
 * masked text, and every identifying case value typed literally into the letter is scrubbed from
 * its text, case-insensitively, whatever the formatting splits it into. Pure functions on
 * ProseMirror JSON; the callers load the body and the case.
 */
import type { CaseDetails, CaseField } from '../../shared/caseDetails';
import { MASKED_TEXT } from '../../shared/caseDetails';
import type { PmNode } from '../export/body';

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

type Range = [start: number, end: number];

/** Every stretch of `text` some matcher finds, merged and sorted. */
function matchedRanges(text: string, matchers: readonly RegExp[]): Range[] {
  const ranges: Range[] = [];
  for (const matcher of matchers) {
    for (const match of text.matchAll(matcher)) {
      if (match[0].length > 0) ranges.push([match.index, match.index + match[0].length]);
    }
  }
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: Range[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** `text` (which starts at `offset` of the text the ranges index) with each masked stretch replaced by MASKED_TEXT. */
function applyRanges(text: string, offset: number, ranges: readonly Range[]): string {
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, text.length);
    if (to <= 0 || from >= text.length) continue;
    out += text.slice(at, from) + MASKED_TEXT;
    at = to;
  }
  return out + text.slice(at);
}

/** `text` with every identifying value found by `matchers` replaced by MASKED_TEXT. */
export function scrubWith(text: string, matchers: readonly RegExp[]): string {
  const normalized = text.normalize('NFC');
  return applyRanges(normalized, 0, matchedRanges(normalized, matchers));
}

/** `text` with every identifying case value replaced by MASKED_TEXT (titles, single strings). */
export function scrubCaseValues(text: string, details: CaseDetails): string {
  return scrubWith(text, caseValueMatchers(details));
}

/** Strings anywhere inside a JSON value (attributes, mark attributes) scrubbed. */
function scrubJson(value: unknown, matchers: readonly RegExp[]): unknown {
  if (typeof value === 'string') return scrubWith(value, matchers);
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, matchers));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key === 'type' ? item : scrubJson(item, matchers)]));
  }
  return value;
}

/** Scrubs one run of adjacent inline text (text nodes and hard breaks), so a value split by formatting is still found. */
function scrubRun(run: readonly PmNode[], matchers: readonly RegExp[]): PmNode[] {
  const pieces = run.map((node) => (node.type === 'text' && typeof node.text === 'string' ? node.text : ' '));
  const ranges = matchedRanges(pieces.join(''), matchers);
  let offset = 0;
  return run.map((node, index) => {
    const piece = pieces[index] ?? '';
    const start = offset;
    offset += piece.length;
    if (node.type !== 'text') return node;
    return { ...node, text: applyRanges(piece, start, ranges), ...(node.marks ? { marks: scrubJson(node.marks, matchers) as PmNode['marks'] } : {}) }; // scrubJson keeps the shape it is given
  });
}

function isRunNode(node: PmNode): boolean {
  return (node.type === 'text' && typeof node.text === 'string') || node.type === 'hardBreak';
}

function deidentifyChildren(children: readonly PmNode[], matchers: readonly RegExp[]): PmNode[] {
  // Placeholders first become masked text, so they join the runs around them.
  const prepared = children.map((child): PmNode => {
    if (child.type === 'caseField') return { type: 'text', text: MASKED_TEXT, ...(child.marks ? { marks: child.marks } : {}) };
    if (child.type === 'text') return { ...child, text: typeof child.text === 'string' ? child.text.normalize('NFC') : '' };
    return deidentifyNode(child, matchers);
  });
  const out: PmNode[] = [];
  for (let index = 0; index < prepared.length; ) {
    const node = prepared[index];
    if (!node) break;
    if (!isRunNode(node)) {
      out.push(node);
      index += 1;
      continue;
    }
    let end = index;
    while (end < prepared.length && isRunNode(prepared[end] as PmNode)) end += 1; // in bounds by the loop condition
    out.push(...scrubRun(prepared.slice(index, end), matchers));
    index = end;
  }
  return out;
}

function deidentifyNode(node: PmNode, matchers: readonly RegExp[]): PmNode {
  const result: PmNode = { ...node };
  if (node.attrs) result.attrs = scrubJson(node.attrs, matchers) as Record<string, unknown>; // an object stays an object
  if (node.marks) result.marks = scrubJson(node.marks, matchers) as PmNode['marks']; // an array of objects stays one
  if (node.content) result.content = deidentifyChildren(node.content, matchers);
  return result;
}

/** A body (ProseMirror JSON) with placeholders masked and every identifying case value scrubbed from its text. */
export function deidentifyBody(body: PmNode, details: CaseDetails): PmNode {
  const matchers = caseValueMatchers(details);
  if (body.type === 'caseField') return { type: 'text', text: MASKED_TEXT };
  return deidentifyNode(body, matchers);
}

/**
 * The case as a workshop-granted member sees it: every filled-in value masked. The two category
 * fields must stay valid choices for the client, so they read as not chosen.
 */
export function maskCaseDetails(details: CaseDetails): CaseDetails {
  const mask = (value: string) => (value === '' ? '' : MASKED_TEXT);
  return {
    fullName: mask(details.fullName),
    dateOfBirth: mask(details.dateOfBirth),
    aNumber: mask(details.aNumber),
    facility: mask(details.facility),
    recipientName: mask(details.recipientName),
    recipientTitle: mask(details.recipientTitle),
    recipientOffice: mask(details.recipientOffice),
    deadline: mask(details.deadline),
    legalRoute: '',
    requestType: '',
  };
}

/**
 * The title a de-identified view shows instead of the letter's own: people type the person's name
 * into titles in every spelling, so no scrub of the case values is safe enough; the owner's name
 * (a participant, not the person in detention) is what tells letters apart.
 */
export function deidentifiedTitle(ownerName?: string | null): string {
  return ownerName ? `Letter by ${ownerName}` : 'Letter';
}
