/** Overlapping highlights become non-overlapping pieces that name every thread covering them. */
import { describe, expect, it } from 'vitest';
import { splitHighlightSegments } from '../../../client/src/comments/segments';

describe('splitHighlightSegments', () => {
  it('keeps separate ranges as they are', () => {
    expect(
      splitHighlightSegments([
        { id: 'a', from: 1, to: 5 },
        { id: 'b', from: 8, to: 10 },
      ]),
    ).toEqual([
      { from: 1, to: 5, ids: ['a'] },
      { from: 8, to: 10, ids: ['b'] },
    ]);
  });

  it('cuts overlapping ranges at every boundary, the narrowest thread first', () => {
    expect(
      splitHighlightSegments([
        { id: 'wide', from: 1, to: 20 },
        { id: 'narrow', from: 5, to: 8 },
      ]),
    ).toEqual([
      { from: 1, to: 5, ids: ['wide'] },
      { from: 5, to: 8, ids: ['narrow', 'wide'] },
      { from: 8, to: 20, ids: ['wide'] },
    ]);
  });

  it('handles partial overlaps and identical ranges', () => {
    expect(
      splitHighlightSegments([
        { id: 'a', from: 1, to: 6 },
        { id: 'b', from: 4, to: 9 },
        { id: 'c', from: 4, to: 9 },
      ]),
    ).toEqual([
      { from: 1, to: 4, ids: ['a'] },
      { from: 4, to: 6, ids: ['a', 'b', 'c'] },
      { from: 6, to: 9, ids: ['b', 'c'] },
    ]);
  });

  it('drops empty ranges', () => {
    expect(splitHighlightSegments([{ id: 'a', from: 3, to: 3 }])).toEqual([]);
  });
});
