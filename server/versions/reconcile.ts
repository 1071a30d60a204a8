/**
 * Turns a letter body (a Y.XmlFragment) into a copy of another one with the smallest forward edit
 * we can find: blocks whose content is unchanged keep their Yjs identity wherever they moved,
 * similar blocks are edited in place, and inside text only the words that differ are deleted and
 * inserted. Comment anchors (Y.RelativePositions) in unchanged words therefore still resolve.
 *
 * Why not y-tiptap's `updateYFragment` alone: it pairs children greedily from both ends, so one
 * inserted block plus one deleted block elsewhere makes it rebuild every block in between, and
 * inside a text it keeps only a common prefix and suffix. Here children are paired by a weighted
 * longest common subsequence and text by a word-level one.
 */
import { equalityDeep } from 'lib0/function';
import * as Y from 'yjs';
import { alignSequences } from './align';

type XmlChild = Y.XmlElement | Y.XmlText | Y.XmlHook;
type XmlParent = Y.XmlFragment | Y.XmlElement;
type TextDelta = { insert?: unknown; attributes?: Record<string, unknown> }[];

/** Edits `current` (inside the caller's transaction) until it equals `wanted`. */
export function reconcileFragment(current: XmlParent, wanted: XmlParent): void {
  const keys = new Map<XmlChild, string>();
  const words = new Map<XmlChild, string[]>();
  const keyOf = (node: XmlChild): string => cached(keys, node, () => structuralKey(node));
  const wordsOf = (node: XmlChild): string[] => cached(words, node, () => tokenize(textContent(node)).filter((token) => /\S/.test(token)));
  reconcileChildren(current, wanted, keyOf, wordsOf);
}

function cached<T>(cache: Map<XmlChild, T>, node: XmlChild, compute: () => T): T {
  const known = cache.get(node);
  if (known !== undefined) return known;
  const value = compute();
  cache.set(node, value);
  return value;
}

function reconcileChildren(current: XmlParent, wanted: XmlParent, keyOf: (node: XmlChild) => string, wordsOf: (node: XmlChild) => string[]): void {
  const have = current.toArray();
  const want = wanted.toArray();
  const same = (a: XmlChild, b: XmlChild): boolean => keyOf(a) === keyOf(b);
  // Identical children are worth more than any partial match, so they anchor the pairing.
  const score = (a: XmlChild, b: XmlChild): number => (same(a, b) ? 2 : compatible(a, b) ? similarity(a, b, wordsOf) : 0);
  const pairs = alignSequences(have, want, score, same);
  // Right to left, so the indices still to be used stay valid.
  let haveEnd = have.length;
  let wantEnd = want.length;
  for (let k = pairs.length; k >= 0; k--) {
    const [i, j] = pairs[k - 1] ?? [-1, -1];
    replaceRange(current, i + 1, haveEnd - i - 1, want.slice(j + 1, wantEnd));
    const mine = have[i];
    const theirs = want[j];
    if (mine && theirs && !same(mine, theirs)) reconcileChild(mine, theirs, keyOf, wordsOf);
    haveEnd = i;
    wantEnd = j;
  }
}

function replaceRange(parent: XmlParent, index: number, deleteCount: number, inserted: readonly XmlChild[]): void {
  if (deleteCount > 0) parent.delete(index, deleteCount);
  // Hooks are children like any other at run time; the insert typing only leaves them out.
  if (inserted.length > 0) parent.insert(index, inserted.map((node) => node.clone()) as (Y.XmlElement | Y.XmlText)[]);
}

/** Paired children of the same kind: elements of the same name, or two texts. */
function compatible(a: XmlChild, b: XmlChild): boolean {
  if (a instanceof Y.XmlText || b instanceof Y.XmlText) return a instanceof Y.XmlText && b instanceof Y.XmlText;
  if (a instanceof Y.XmlHook || b instanceof Y.XmlHook) return false;
  return a.nodeName === b.nodeName;
}

/** Dice coefficient of the two nodes' words; a small positive score when neither has any. */
function similarity(a: XmlChild, b: XmlChild, wordsOf: (node: XmlChild) => string[]): number {
  const left = wordsOf(a);
  const right = wordsOf(b);
  if (left.length === 0 && right.length === 0) return 0.5;
  const counts = new Map<string, number>();
  for (const word of left) counts.set(word, (counts.get(word) ?? 0) + 1);
  let shared = 0;
  for (const word of right) {
    const left = counts.get(word) ?? 0;
    if (left > 0) {
      shared++;
      counts.set(word, left - 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}

function reconcileChild(mine: XmlChild, theirs: XmlChild, keyOf: (node: XmlChild) => string, wordsOf: (node: XmlChild) => string[]): void {
  if (mine instanceof Y.XmlText && theirs instanceof Y.XmlText) {
    reconcileText(mine, theirs);
  } else if (mine instanceof Y.XmlElement && theirs instanceof Y.XmlElement) {
    reconcileAttributes(mine, theirs);
    reconcileChildren(mine, theirs, keyOf, wordsOf);
  }
}

function reconcileAttributes(mine: Y.XmlElement, theirs: Y.XmlElement): void {
  const have: Record<string, unknown> = mine.getAttributes();
  const want: Record<string, unknown> = theirs.getAttributes();
  for (const [key, value] of Object.entries(want)) {
    // Y.XmlElement's attribute typing is per-document; any JSON value is stored as given.
    if (!equalityDeep(have[key], value)) mine.setAttribute(key, value as string);
  }
  for (const key of Object.keys(have)) if (!(key in want)) mine.removeAttribute(key);
}

/** Makes `mine` hold `theirs`'s text and formatting, deleting and inserting only differing words. */
function reconcileText(mine: Y.XmlText, theirs: Y.XmlText): void {
  const wantDelta = theirs.toDelta() as TextDelta; // Y.Text deltas are arrays of {insert, attributes?}
  const haveDelta = mine.toDelta() as TextDelta; // as above
  const haveText = plainText(haveDelta);
  const wantText = plainText(wantDelta);
  if (haveText === null || wantText === null) {
    // Embedded objects: no word diff, replace the content.
    mine.delete(0, mine.length);
    mine.applyDelta(wantDelta);
    return;
  }
  const have = tokenize(haveText);
  const want = tokenize(wantText);
  const haveOffsets = offsetsOf(have);
  const wantOffsets = offsetsOf(want);
  const pairs = alignSequences(have, want, (a, b) => (a === b ? 1 : 0), (a, b) => a === b);
  let haveEnd = have.length;
  let wantEnd = want.length;
  for (let k = pairs.length; k >= 0; k--) {
    const [i, j] = pairs[k - 1] ?? [-1, -1];
    const from = haveOffsets[i + 1] ?? 0;
    const deleteLength = (haveOffsets[haveEnd] ?? 0) - from;
    const inserted = wantText.slice(wantOffsets[j + 1] ?? 0, wantOffsets[wantEnd] ?? 0);
    if (deleteLength > 0) mine.delete(from, deleteLength);
    // Inserted words take the formatting around them for now; the pass below sets it exactly.
    if (inserted.length > 0) mine.insert(from, inserted);
    haveEnd = i;
    wantEnd = j;
  }
  // Same text now; set every run's formatting, clearing what `theirs` does not have.
  const clear: Record<string, null> = {};
  for (const op of haveDelta) for (const key of Object.keys(op.attributes ?? {})) clear[key] = null;
  mine.applyDelta(wantDelta.map((op) => ({ retain: typeof op.insert === 'string' ? op.insert.length : 1, attributes: { ...clear, ...op.attributes } })));
}

/** The text of a delta, or null if it embeds anything but strings. */
function plainText(delta: TextDelta): string | null {
  let text = '';
  for (const op of delta) {
    if (typeof op.insert !== 'string') return null;
    text += op.insert;
  }
  return text;
}

/** Words, runs of white space and single other characters, so a diff never splits a word. */
function tokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}\p{M}_]+|\s+|[^\p{L}\p{N}\p{M}_\s]/gu) ?? [];
}

/** offsets[k] = where token k starts; offsets[tokens.length] = the total length (UTF-16 units, as Y.Text counts). */
function offsetsOf(tokens: readonly string[]): number[] {
  const offsets = [0];
  for (const token of tokens) offsets.push((offsets.at(-1) ?? 0) + token.length);
  return offsets;
}

/** All text of a node, depth first. */
function textContent(node: XmlChild): string {
  if (node instanceof Y.XmlText) return plainText(node.toDelta() as TextDelta) ?? ''; // as in reconcileText
  if (node instanceof Y.XmlElement) return node.toArray().map(textContent).join(' ');
  return '';
}

/** A string equal for two nodes exactly when their names, attributes, children and formatting are. */
function structuralKey(node: XmlChild): string {
  if (node instanceof Y.XmlText) return JSON.stringify(['text', node.toDelta()]);
  if (node instanceof Y.XmlHook) return JSON.stringify(['hook', node.hookName, node.toJSON()]);
  const attributes: Record<string, unknown> = node.getAttributes();
  const sorted = Object.keys(attributes)
    .sort()
    .map((key) => [key, attributes[key]]);
  return JSON.stringify(['element', node.nodeName, sorted, node.toArray().map(structuralKey)]);
}
