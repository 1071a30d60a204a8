/**
 * De-identification for workshop views (the spotlight, peer review): case-field placeholders become
 * masked text, and every identifying case value typed literally into the letter is scrubbed from
 * its text, case-insensitively, whatever the formatting splits it into. Pure functions on
 * ProseMirror JSON; the callers load the body and the case.
 */
import type { CaseDetails } from '../../shared/caseDetails';
import { MASKED_TEXT } from '../../shared/caseDetails';
import { caseValueMatchers } from '../../shared/caseValuePatterns';
import type { PmNode } from '../export/body';

/** The patterns themselves are shared with the editor, which offers to turn typed values into placeholders. */
export { caseValueMatchers };

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
