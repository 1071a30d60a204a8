/**
 * What changed between two versions of a letter body, kept in the letter's own structure so it can
 * be shown in the letter's layout. Blocks are aligned with jsdiff's `diffArrays` on their
 * signatures; a removed and an added block of the same kind and similar words are treated as one
 * changed block, compared word by word with `diffWordsWithSpace` (marks and placeholders kept);
 * lists and quotes are compared child by child. Pure: no DOM, no Yjs.
 */
import { diffArrays, diffWordsWithSpace, type ChangeObject } from 'diff';
import { isTextblock, plainText, type PmMark, type PmNode } from './pmJson';

/** How a piece of the compared text changed, from the older side to the newer one. */
export type Change = 'equal' | 'inserted' | 'deleted';

/** A run of inline content: text with its marks, or an inline node (placeholder, line break). */
export type InlinePiece = { kind: 'text'; text: string; marks: readonly PmMark[] } | { kind: 'node'; node: PmNode };

/** An inline piece and how it changed. */
export type DiffInline = InlinePiece & { change: Change };

/** A block of the compared letter. */
export type DiffBlock =
  /** A block that is the same on both sides, or only on one (rendered whole, marked as such). */
  | { kind: 'whole'; change: Change; node: PmNode }
  /** A paragraph or heading on both sides whose words (or formatting) changed; `node` is the newer one. */
  | { kind: 'text'; node: PmNode; inlines: DiffInline[]; formatChanged: boolean }
  /** A list, list item or quote on both sides whose children changed; `node` is the newer one. */
  | { kind: 'container'; node: PmNode; children: DiffBlock[] };

/** Blocks of the same kind whose words overlap at least this much are shown as one changed block. */
const PAIR_SIMILARITY = 0.4;

/** Compares two `doc` nodes: the older (`before`) and the newer (`after`). */
export function diffDocs(before: PmNode, after: PmNode): DiffBlock[] {
  return diffChildren(before.content ?? [], after.content ?? []);
}

/** A stable identity for a node: equal signatures mean equal content, attributes and marks. */
export function signature(node: PmNode): string {
  // Keys are sorted, so the same content read from two documents always compares equal.
  return JSON.stringify(node, (_key, value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

function diffChildren(before: readonly PmNode[], after: readonly PmNode[]): DiffBlock[] {
  const changes = diffArrays(before.map(signature), after.map(signature));
  const blocks: DiffBlock[] = [];
  let b = 0;
  let a = 0;
  let removed: PmNode[] = [];
  let added: PmNode[] = [];
  const flush = () => {
    blocks.push(...alignRegion(removed, added));
    removed = [];
    added = [];
  };
  for (const change of changes) {
    if (change.removed) {
      removed.push(...before.slice(b, b + change.count));
      b += change.count;
    } else if (change.added) {
      added.push(...after.slice(a, a + change.count));
      a += change.count;
    } else {
      flush();
      for (const node of after.slice(a, a + change.count)) blocks.push({ kind: 'whole', change: 'equal', node });
      a += change.count;
      b += change.count;
    }
  }
  flush();
  return blocks;
}

/**
 * One stretch of removed and added blocks between unchanged ones. Each removed block is paired with
 * the next added block it resembles (the added blocks skipped on the way are insertions); a removed
 * block with no counterpart is a deletion.
 */
function alignRegion(removed: readonly PmNode[], added: readonly PmNode[]): DiffBlock[] {
  const blocks: DiffBlock[] = [];
  let next = 0;
  for (const old of removed) {
    const match = added.findIndex((candidate, index) => index >= next && resembles(old, candidate));
    if (match === -1) {
      blocks.push({ kind: 'whole', change: 'deleted', node: old });
      continue;
    }
    for (const node of added.slice(next, match)) blocks.push({ kind: 'whole', change: 'inserted', node });
    blocks.push(diffPair(old, added[match] ?? old));
    next = match + 1;
  }
  for (const node of added.slice(next)) blocks.push({ kind: 'whole', change: 'inserted', node });
  return blocks;
}

/** Whether two blocks are best shown as one block that changed rather than one removed, one added. */
function resembles(before: PmNode, after: PmNode): boolean {
  if (before.type !== after.type) return false;
  if (isTextblock(before) !== isTextblock(after)) return false;
  const [left, right] = [plainText(before), plainText(after)];
  // Writing into an empty paragraph (a template's section) is the commonest edit of all.
  if (left.trim() === '' || right.trim() === '') return true;
  return similarity(left, right) >= PAIR_SIMILARITY;
}

/** How much two texts share, from 0 (nothing) to 1 (the same words): Dice's coefficient over word LCS. */
export function similarity(before: string, after: string): number {
  const words = (text: string) => text.split(/\s+/).filter((word) => word !== '');
  const left = words(before);
  const right = words(after);
  if (left.length === 0 && right.length === 0) return 1;
  const common = diffArrays(left, right)
    .filter((change) => !change.added && !change.removed)
    .reduce((sum, change) => sum + change.count, 0);
  return (2 * common) / (left.length + right.length);
}

function diffPair(before: PmNode, after: PmNode): DiffBlock {
  if (isTextblock(after)) {
    const inlines = diffInlines(before.content ?? [], after.content ?? []);
    const wordsChanged = inlines.some((piece) => piece.change !== 'equal');
    return { kind: 'text', node: after, inlines, formatChanged: !wordsChanged };
  }
  return { kind: 'container', node: after, children: diffChildren(before.content ?? [], after.content ?? []) };
}

/** Inline content as pieces; text nodes keep their marks. */
export function inlinePieces(nodes: readonly PmNode[]): InlinePiece[] {
  return nodes.flatMap((node): InlinePiece[] => {
    if (node.type === 'text') return node.text ? [{ kind: 'text', text: node.text, marks: node.marks ?? [] }] : [];
    return [{ kind: 'node', node }];
  });
}

/**
 * Compares inline content word by word. Each inline node stands in the compared strings as one
 * private-use character, the same for equal nodes, so a changed placeholder is a changed word.
 */
export function diffInlines(before: readonly PmNode[], after: readonly PmNode[]): DiffInline[] {
  const symbols = new Map<string, string>();
  const symbolOf = (node: PmNode) => {
    const key = signature(node);
    let symbol = symbols.get(key);
    if (symbol === undefined) {
      symbol = String.fromCharCode(0xe000 + (symbols.size % 0x1900));
      symbols.set(key, symbol);
    }
    return symbol;
  };
  const oldPieces = inlinePieces(before);
  const newPieces = inlinePieces(after);
  const asString = (pieces: readonly InlinePiece[]) => pieces.map((piece) => (piece.kind === 'text' ? piece.text : symbolOf(piece.node))).join('');

  const result: DiffInline[] = [];
  let oldAt = 0;
  let newAt = 0;
  for (const change of tidyChanges(diffWordsWithSpace(asString(oldPieces), asString(newPieces)))) {
    const length = change.value.length;
    if (change.removed) {
      result.push(...marked(slicePieces(oldPieces, oldAt, oldAt + length), 'deleted'));
      oldAt += length;
    } else if (change.added) {
      result.push(...marked(slicePieces(newPieces, newAt, newAt + length), 'inserted'));
      newAt += length;
    } else {
      // Unchanged words are shown as they are now, with today's marks.
      result.push(...marked(slicePieces(newPieces, newAt, newAt + length), 'equal'));
      oldAt += length;
      newAt += length;
    }
  }
  return result;
}

function marked(pieces: InlinePiece[], change: Change): DiffInline[] {
  return pieces.map((piece) => ({ ...piece, change }));
}

/** The pieces covering characters [from, to) of their joined string (an inline node is one character). */
export function slicePieces(pieces: readonly InlinePiece[], from: number, to: number): InlinePiece[] {
  const slice: InlinePiece[] = [];
  let at = 0;
  for (const piece of pieces) {
    const length = piece.kind === 'text' ? piece.text.length : 1;
    const start = Math.max(from, at);
    const end = Math.min(to, at + length);
    if (start < end) {
      slice.push(piece.kind === 'text' ? { ...piece, text: piece.text.slice(start - at, end - at) } : piece);
    }
    at += length;
    if (at >= to) break;
  }
  return slice;
}

/**
 * Makes a word diff readable: a stretch of changes is shown as all its deleted words, then all its
 * inserted words, and a lone space between two changes joins them ("<del>a b</del><ins>x y</ins>",
 * not "<del>a</del><ins>x</ins> <del>b</del><ins>y</ins>").
 */
export function tidyChanges(changes: readonly ChangeObject<string>[]): ChangeObject<string>[] {
  const tidy: ChangeObject<string>[] = [];
  let removed = '';
  let added = '';
  const flush = () => {
    // Space that ends both sides is unchanged ("<del>a</del><ins>x y</ins> b", not "<del>a </del><ins>x y </ins>b").
    const space = removed && added ? sharedTrailingSpace(removed, added) : '';
    if (removed) tidy.push({ value: removed.slice(0, removed.length - space.length), added: false, removed: true, count: 1 });
    if (added) tidy.push({ value: added.slice(0, added.length - space.length), added: true, removed: false, count: 1 });
    if (space) tidy.push({ value: space, added: false, removed: false, count: 1 });
    removed = '';
    added = '';
  };
  changes.forEach((change, index) => {
    if (change.removed) removed += change.value;
    else if (change.added) added += change.value;
    else {
      const inStretch = (removed !== '' || added !== '') && /^\s+$/.test(change.value);
      const nextChanges = changes[index + 1]?.added === true || changes[index + 1]?.removed === true;
      if (inStretch && nextChanges) {
        removed += change.value;
        added += change.value;
        return;
      }
      flush();
      tidy.push(change);
    }
  });
  flush();
  return tidy;
}

/** The whitespace both strings end with (never all of either). */
function sharedTrailingSpace(left: string, right: string): string {
  let length = 0;
  while (
    length < left.length - 1 &&
    length < right.length - 1 &&
    left[left.length - 1 - length] === right[right.length - 1 - length] &&
    /\s/.test(left[left.length - 1 - length] ?? '')
  ) {
    length += 1;
  }
  return length === 0 ? '' : left.slice(left.length - length);
}

/** How many stretches of the compared letter were inserted and deleted (a whole block counts once). */
export function countChanges(blocks: readonly DiffBlock[]): { inserted: number; deleted: number; formatting: number } {
  const counts = { inserted: 0, deleted: 0, formatting: 0 };
  const visit = (block: DiffBlock) => {
    if (block.kind === 'whole') {
      if (block.change === 'inserted') counts.inserted += 1;
      if (block.change === 'deleted') counts.deleted += 1;
    } else if (block.kind === 'container') {
      block.children.forEach(visit);
    } else {
      if (block.formatChanged) counts.formatting += 1;
      let previous: Change = 'equal';
      for (const piece of block.inlines) {
        if (piece.change !== previous && piece.change === 'inserted') counts.inserted += 1;
        if (piece.change !== previous && piece.change === 'deleted') counts.deleted += 1;
        previous = piece.change;
      }
    }
  };
  blocks.forEach(visit);
  return counts;
}
