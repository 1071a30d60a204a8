/**
 * The bounds on a letter's body (LetterBodyLimits): how big its content is and how deeply its
 * elements nest. The socket checks every edit against them before it is applied or stored, and
 * the export measures a stored letter with the same functions.
 *
 * Size is counted in content units: a character of text is one, an element, a mark or an
 * attribute costs a fixed weight plus the length of its value. Checking an edit costs what the
 * edit holds, not what the letter holds: the room keeps an upper bound (the exact size when last
 * counted plus everything inserted since; deletions only make it smaller) and counts the whole
 * document again only when that bound reaches the limit.
 */
import * as Y from 'yjs';
import { LetterBodyLimits } from '../../shared/limits';
import { CloseReason } from '../../shared/protocol';
import type { CloseReasonValue } from './connection';
import type { DecodedStructs } from './protocol';
import { itemAt } from './protocol';

/**
 * What an element (or a subdocument) counts for: about what it costs to store (some 40 bytes) and
 * to lay out, so a body of many empty paragraphs is bounded too.
 */
const ELEMENT_WEIGHT = 32;
/** What a mark, an attribute or an embedded value counts for, besides its length. */
const MARKUP_WEIGHT = 16;

/** The bounds a check uses; the defaults are LetterBodyLimits. */
export interface BodyBounds {
  maxContentSize: number;
  maxNestingDepth: number;
}

function jsonLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 1;
  } catch {
    // A value JSON cannot write (a binary array inside, say) still counts.
    return MARKUP_WEIGHT;
  }
}

/** What one item counts for (its content, whatever kind, and its attribute name). */
function itemWeight(item: Y.Item): number {
  const { content } = item;
  const key = item.parentSub?.length ?? 0;
  if (content instanceof Y.ContentString) return content.str.length + key;
  if (content instanceof Y.ContentDeleted) return 0;
  if (content instanceof Y.ContentType || content instanceof Y.ContentDoc) return ELEMENT_WEIGHT + key;
  if (content instanceof Y.ContentBinary) return content.content.byteLength + key;
  if (content instanceof Y.ContentFormat) return MARKUP_WEIGHT + content.key.length + jsonLength(content.value);
  if (content instanceof Y.ContentEmbed) return MARKUP_WEIGHT + jsonLength(content.embed);
  if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) {
    let total = MARKUP_WEIGHT + key;
    for (const value of content.arr) total += jsonLength(value);
    return total;
  }
  return MARKUP_WEIGHT + key;
}

/** The size of everything the document holds now (deleted content does not count). Walks every item once. */
export function contentSizeOf(doc: Y.Doc): number {
  let size = 0;
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) if (struct instanceof Y.Item && !struct.deleted) size += itemWeight(struct);
  }
  return size;
}

/** How deeply the body's elements nest (the root's children are at depth 1). Walked without recursion. */
export function nestingDepthOf(fragment: Y.XmlFragment): number {
  let deepest = 0;
  const pending: { node: Y.XmlFragment | Y.XmlElement; depth: number }[] = [{ node: fragment, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    for (const child of next.node.toArray()) {
      const depth = next.depth + 1;
      if (depth > deepest) deepest = depth;
      // Text nodes hold no elements.
      if (child instanceof Y.XmlElement) pending.push({ node: child, depth });
    }
  }
  return deepest;
}

/**
 * The upper bound a room keeps of its document's size: exact when counted, plus what its own
 * writers inserted since. `clock` is the document's total clock that the bound accounts for: when
 * the document holds more (edits from another instance, a restored version, an edit that waited
 * for another), the bound no longer covers it and the document is counted again.
 */
interface SizeBound {
  counted: number;
  insertedSince: number;
  clock: number;
}

/** The sum of every client's clock: it grows with every insertion, whoever made it. */
function totalClock(doc: Y.Doc): number {
  let total = 0;
  for (const client of doc.store.clients.keys()) total += Y.getState(doc.store, client);
  return total;
}

const sizeBounds = new WeakMap<Y.Doc, SizeBound>();

/**
 * Why an edit may not be applied to `doc`, or null if it may: it would take the content beyond
 * the size limit (an edit that adds nothing is always allowed, so an oversized letter can still be
 * shortened), or nest an element deeper than the limit.
 */
export function bodyLimitRefusal(doc: Y.Doc, structs: DecodedStructs, bounds: BodyBounds = LetterBodyLimits): CloseReasonValue | null {
  if (nestsTooDeep(doc, structs, bounds.maxNestingDepth)) return CloseReason.nestingTooDeep;
  let added = 0;
  let clocks = 0;
  for (const struct of structs) {
    const state = Y.getState(doc.store, struct.id.client);
    // Items the document has already (a client resending after a reconnect) add nothing.
    if (struct instanceof Y.Skip || struct.id.clock + struct.length <= state) continue;
    clocks += struct.id.clock + struct.length - Math.max(state, struct.id.clock);
    if (struct instanceof Y.Item) added += itemWeight(struct);
  }
  if (added === 0) return null;
  let bound = sizeBounds.get(doc);
  if (!bound || bound.clock !== totalClock(doc) || bound.counted + bound.insertedSince + added > bounds.maxContentSize) {
    bound = { counted: contentSizeOf(doc), insertedSince: 0, clock: totalClock(doc) };
    sizeBounds.set(doc, bound);
    if (bound.counted + added > bounds.maxContentSize) return CloseReason.letterTooLarge;
  }
  bound.insertedSince += added;
  // Once applied, the document's clock has grown by this much (unless part of it has to wait).
  bound.clock += clocks;
  return null;
}

/** Where an item of the update sits: its clock range and the depth of its container. */
interface PlacedItem {
  clock: number;
  length: number;
  level: number;
}

/**
 * Whether the update inserts an element deeper than `max`. An item's container is its parent
 * (named, or an element in the document or earlier in the update) or, when the update names
 * none, that of its neighbour. A container the server has not seen (an edit that waits for one
 * still on its way) counts as the root: that order is rare, and the export refuses what gets by.
 */
function nestsTooDeep(doc: Y.Doc, structs: DecodedStructs, max: number): boolean {
  const placed = new Map<number, PlacedItem[]>();
  const levelOf = (id: Y.ID): number | null => {
    const run = findRun(placed.get(id.client), id.clock);
    if (run) return run.level;
    const item = itemAt(doc, id);
    return item ? levelInDoc(item, max) : null;
  };
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    let level: number;
    if (typeof struct.parent === 'string') level = 0;
    else if (struct.parent instanceof Y.ID) level = (levelOf(struct.parent) ?? -1) + 1;
    else {
      const neighbour = struct.origin ?? struct.rightOrigin;
      level = neighbour ? (levelOf(neighbour) ?? 0) : 0;
    }
    if (struct.content instanceof Y.ContentType && level + 1 > max) return true;
    const runs = placed.get(struct.id.client) ?? [];
    runs.push({ clock: struct.id.clock, length: struct.length, level });
    placed.set(struct.id.client, runs);
  }
  return false;
}

/** The run holding `clock` among one client's items of the update (in clock order, as Yjs decodes them). */
function findRun(runs: readonly PlacedItem[] | undefined, clock: number): PlacedItem | null {
  if (!runs) return null;
  let low = 0;
  let high = runs.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    // Within bounds: low <= middle <= high < runs.length.
    const run = runs[middle] as PlacedItem;
    if (clock < run.clock) high = middle - 1;
    else if (clock >= run.clock + run.length) low = middle + 1;
    else return run;
  }
  return null;
}

/** How many elements enclose an integrated item (0 directly in a root type), counted up to `cap`. */
function levelInDoc(item: Y.Item, cap: number): number {
  let level = 0;
  let parent = item.parent;
  while (parent instanceof Y.AbstractType && parent._item && level <= cap) {
    level += 1;
    parent = parent._item.parent;
  }
  return level;
}
