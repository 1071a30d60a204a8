/** Placing cards in the margin: beside their words, never overlapping. */
import { describe, expect, it } from 'vitest';
import { layoutCards, layoutHeight, type CardSlot } from '../../../client/src/comments/layout';

const slot = (id: string, desiredTop: number, height = 50): CardSlot => ({ id, desiredTop, height });
const tops = (map: Map<string, number>) => Object.fromEntries(map);

describe('layoutCards', () => {
  it('puts cards that do not collide exactly beside their words', () => {
    expect(tops(layoutCards([slot('a', 0), slot('b', 100), slot('c', 300)], 10))).toEqual({ a: 0, b: 100, c: 300 });
  });

  it('pushes colliding cards down, one after another, with the gap between them', () => {
    expect(tops(layoutCards([slot('a', 0), slot('b', 20), slot('c', 40)], 10))).toEqual({ a: 0, b: 60, c: 120 });
  });

  it('orders by position in the text, whatever the input order, and keeps ties in input order', () => {
    expect(tops(layoutCards([slot('late', 200), slot('early', 0), slot('tie1', 200, 20)], 10))).toEqual({ early: 0, late: 200, tie1: 260 });
  });

  it('never places a card above the top of the margin', () => {
    expect(tops(layoutCards([slot('a', -40)], 10))).toEqual({ a: 0 });
  });

  it('keeps the active card beside its words and lifts the cards above it', () => {
    const placed = layoutCards([slot('a', 100), slot('b', 120), slot('c', 140)], 10, 'c');
    expect(tops(placed)).toEqual({ a: 20, b: 80, c: 140 });
  });

  it('pushes the cards below the active one down', () => {
    const placed = layoutCards([slot('a', 100), slot('b', 110), slot('c', 120)], 10, 'b');
    expect(tops(placed)).toEqual({ a: 50, b: 110, c: 170 });
  });

  it('falls back to stacking from the top when there is no room above the active card', () => {
    const placed = layoutCards([slot('a', 0), slot('b', 10), slot('c', 20)], 10, 'c');
    expect(tops(placed)).toEqual({ a: 0, b: 60, c: 120 });
  });

  it('ignores an unknown active id', () => {
    expect(tops(layoutCards([slot('a', 0), slot('b', 20)], 10, 'gone'))).toEqual({ a: 0, b: 60 });
  });

  it('never overlaps, for any input', () => {
    const slots = Array.from({ length: 40 }, (_, index) => slot(`t${index}`, (index * 37) % 300, 20 + ((index * 13) % 60)));
    for (const active of [null, 't0', 't17', 't39']) {
      const placed = layoutCards(slots, 8, active);
      const sorted = [...slots].sort((a, b) => (placed.get(a.id) ?? 0) - (placed.get(b.id) ?? 0));
      for (let index = 1; index < sorted.length; index += 1) {
        const above = sorted[index - 1] as CardSlot;
        const below = sorted[index] as CardSlot;
        expect(placed.get(below.id) ?? 0).toBeGreaterThanOrEqual((placed.get(above.id) ?? 0) + above.height + 8);
      }
      for (const top of placed.values()) expect(top).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('layoutHeight', () => {
  it('is the bottom of the lowest card', () => {
    const slots = [slot('a', 0, 40), slot('b', 10, 70)];
    expect(layoutHeight(slots, layoutCards(slots, 10))).toBe(120);
    expect(layoutHeight([], new Map())).toBe(0);
  });
});
