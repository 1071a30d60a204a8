/**
 * Sequence alignment for restoring versions: which items of the current sequence correspond to
 * which items of the wanted one, so that corresponding items are kept (or edited in place) and
 * only the rest is deleted or inserted.
 */

/** A pair of corresponding indices: `[index in current, index in wanted]`. */
export type AlignedPair = readonly [number, number];

/** How much two items correspond: 0 or less means "never pair these". */
export type PairScore<A, B> = (current: A, wanted: B, currentIndex: number, wantedIndex: number) => number;

/** Above this many cells the table would cost too much; the unequal middle is then not paired. */
const MAX_TABLE_CELLS = 4_000_000;

/**
 * The order-preserving pairing with the highest total score (a weighted longest common
 * subsequence). Equal items at both ends are paired first without a table.
 */
export function alignSequences<A, B>(current: readonly A[], wanted: readonly B[], score: PairScore<A, B>, equal: (a: A, b: B) => boolean): AlignedPair[] {
  // The `as` casts below index within bounds that each loop condition checks first.
  let start = 0;
  while (start < current.length && start < wanted.length && equal(current[start] as A, wanted[start] as B)) start++;
  let currentEnd = current.length;
  let wantedEnd = wanted.length;
  while (currentEnd > start && wantedEnd > start && equal(current[currentEnd - 1] as A, wanted[wantedEnd - 1] as B)) {
    currentEnd--;
    wantedEnd--;
  }
  const pairs: [number, number][] = [];
  for (let i = 0; i < start; i++) pairs.push([i, i]);
  pairs.push(...alignMiddle(current, wanted, score, start, currentEnd, start, wantedEnd));
  for (let k = 0; currentEnd + k < current.length; k++) pairs.push([currentEnd + k, wantedEnd + k]);
  return pairs;
}

function alignMiddle<A, B>(current: readonly A[], wanted: readonly B[], score: PairScore<A, B>, c0: number, c1: number, w0: number, w1: number): [number, number][] {
  const rows = c1 - c0;
  const cols = w1 - w0;
  if (rows === 0 || cols === 0 || (rows + 1) * (cols + 1) > MAX_TABLE_CELLS) return [];
  const width = cols + 1;
  const best = new Float64Array((rows + 1) * width);
  const gain = new Float64Array((rows + 1) * width);
  for (let i = 1; i <= rows; i++) {
    for (let j = 1; j <= cols; j++) {
      const cell = i * width + j;
      const up = best[cell - width] ?? 0;
      const left = best[cell - 1] ?? 0;
      const pairScore = score(current[c0 + i - 1] as A, wanted[w0 + j - 1] as B, c0 + i - 1, w0 + j - 1); // indices within the sequences
      gain[cell] = pairScore;
      const diagonal = pairScore > 0 ? (best[cell - width - 1] ?? 0) + pairScore : -Infinity;
      best[cell] = Math.max(up, left, diagonal);
    }
  }
  const pairs: [number, number][] = [];
  let i = rows;
  let j = cols;
  while (i > 0 && j > 0) {
    const cell = i * width + j;
    const pairScore = gain[cell] ?? 0;
    if (pairScore > 0 && best[cell] === (best[cell - width - 1] ?? 0) + pairScore) {
      pairs.push([c0 + i - 1, w0 + j - 1]);
      i--;
      j--;
    } else if (best[cell] === best[cell - width]) {
      i--;
    } else {
      j--;
    }
  }
  return pairs.reverse();
}
