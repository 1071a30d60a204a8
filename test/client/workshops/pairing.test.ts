import { describe, expect, it } from 'vitest';
import { pairableIds, pairInOrder, partnerOf, withPair } from '../../../client/src/workshops/pairing';

describe('pairableIds', () => {
  it('keeps participants with a letter, in order', () => {
    expect(
      pairableIds([
        { userId: 'ann', letterId: 'l1' },
        { userId: 'bo', letterId: null },
        { userId: 'cy', letterId: 'l3' },
      ]),
    ).toEqual(['ann', 'cy']);
  });
});

describe('pairInOrder', () => {
  it('pairs neighbours', () => {
    expect(pairInOrder(['a', 'b', 'c', 'd'])).toEqual({ pairs: [{ a: 'a', b: 'b' }, { a: 'c', b: 'd' }], left: null });
  });

  it('leaves the odd last person out', () => {
    expect(pairInOrder(['a', 'b', 'c'])).toEqual({ pairs: [{ a: 'a', b: 'b' }], left: 'c' });
    expect(pairInOrder(['a'])).toEqual({ pairs: [], left: 'a' });
    expect(pairInOrder([])).toEqual({ pairs: [], left: null });
  });
});

describe('withPair', () => {
  it('adds a pair, taking both people out of their old pairs', () => {
    const pairs = [
      { a: 'a', b: 'b' },
      { a: 'c', b: 'd' },
      { a: 'e', b: 'f' },
    ];
    expect(withPair(pairs, 'b', 'c')).toEqual([
      { a: 'e', b: 'f' },
      { a: 'b', b: 'c' },
    ]);
  });

  it('never pairs someone with themselves', () => {
    expect(withPair([{ a: 'a', b: 'b' }], 'a', 'a')).toEqual([{ a: 'a', b: 'b' }]);
  });

  it('no one appears twice', () => {
    const result = withPair(withPair([], 'a', 'b'), 'a', 'c');
    const ids = result.flatMap((pair) => [pair.a, pair.b]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('partnerOf', () => {
  it('finds the partner on either side', () => {
    const pairs = [{ a: 'a', b: 'b' }];
    expect(partnerOf(pairs, 'a')).toBe('b');
    expect(partnerOf(pairs, 'b')).toBe('a');
    expect(partnerOf(pairs, 'z')).toBeNull();
  });
});
