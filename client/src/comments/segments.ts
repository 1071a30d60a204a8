/**
 * Overlapping comment ranges cut into non-overlapping pieces. ProseMirror merges the attributes
 * of inline decorations that cover the same text (a later `data-thread-id` would silently replace
 * an earlier one), so each piece gets one decoration naming every thread that covers it.
 */
import type { TextRange } from './anchors';

/** A thread's resolved range. */
export interface ThreadRange extends TextRange {
  id: string;
}

/** A piece of text covered by the same threads, the narrowest (most specific) first. */
export interface HighlightSegment extends TextRange {
  ids: string[];
}

/** Splits `ranges` at every boundary; pieces covered by no range are left out. */
export function splitHighlightSegments(ranges: readonly ThreadRange[]): HighlightSegment[] {
  const valid = ranges.filter((range) => range.from < range.to);
  const bounds = [...new Set(valid.flatMap((range) => [range.from, range.to]))].sort((a, b) => a - b);
  const width = (range: ThreadRange) => range.to - range.from;
  const segments: HighlightSegment[] = [];
  for (let index = 0; index + 1 < bounds.length; index += 1) {
    // Both exist: index + 1 < bounds.length.
    const from = bounds[index] as number;
    const to = bounds[index + 1] as number;
    const covering = valid
      .filter((range) => range.from <= from && range.to >= to)
      .sort((a, b) => width(a) - width(b) || a.from - b.from || a.id.localeCompare(b.id));
    if (covering.length > 0) segments.push({ from, to, ids: covering.map((range) => range.id) });
  }
  return segments;
}
