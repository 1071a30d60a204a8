import { describe, expect, it } from 'vitest';
import { CARET_COLORS } from '../../../client/src/session/caretColor';
import { distinctCaretColor } from '../../../client/src/sync/distinctColor';

const [first = '', second = '', third = ''] = CARET_COLORS;
const states = (entries: [number, string][]) => new Map<number, unknown>(entries.map(([id, color]) => [id, { user: { name: `c${id}`, color } }]));

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

describe('distinct caret colours among the people present', () => {
  it('keeps my colour while nobody else shows it', () => {
    expect(distinctCaretColor(first, first, 5, states([[5, first], [3, second]]))).toBe(first);
  });

  it('moves the later client (higher id) to the first colour nobody present uses; the earlier keeps its own', () => {
    const present = states([[3, first], [5, first], [7, second]]);
    expect(distinctCaretColor(first, first, 5, present)).toBe(third);
    expect(distinctCaretColor(first, first, 3, present)).toBe(first);
  });

  it('stays on the colour it moved to while that one is free', () => {
    expect(distinctCaretColor(third, first, 5, states([[3, first], [5, third]]))).toBe(third);
  });

  it('gives every palette colour a contrast of at least 4.5:1 behind the white caret label', () => {
    for (const color of CARET_COLORS) expect((1.05 / (luminance(color) + 0.05)), color).toBeGreaterThanOrEqual(4.5);
  });
});
