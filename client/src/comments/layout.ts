/**
 * Where thread cards go in the margin: each as close as it can be to the top of its words, none
 * overlapping. The active card sits exactly beside its words; the cards above it move up to make
 * room (as far as the top of the margin allows) and the cards below it move down.
 */

/** A card to place: where it would like to be and how tall it is (pixels from the margin's top). */
export interface CardSlot {
  id: string;
  desiredTop: number;
  height: number;
}

/** Cards in the order they appear beside the text: by desired top, ties kept in input order. */
function ordered(slots: readonly CardSlot[]): CardSlot[] {
  return slots
    .map((slot, index) => ({ slot, index }))
    .sort((a, b) => a.slot.desiredTop - b.slot.desiredTop || a.index - b.index)
    .map(({ slot }) => slot);
}

/**
 * Pushes each card below the one before it, starting at `start`. `tops` has one entry per card,
 * so the indexed reads below (within 0..cards.length-1) are always defined.
 */
function pushDown(cards: readonly CardSlot[], tops: number[], start: number, gap: number): void {
  for (let index = Math.max(start, 0); index < cards.length; index += 1) {
    const card = cards[index] as CardSlot;
    const previous = cards[index - 1];
    const floor = previous === undefined ? 0 : (tops[index - 1] as number) + previous.height + gap;
    tops[index] = Math.max(card.desiredTop, floor);
  }
}

/**
 * The top of every card, by id. Without an active card, cards are pushed down in order. With one,
 * it keeps its desired top and the cards above are lifted; if they would leave the margin at the
 * top, everything is stacked from the top instead.
 */
export function layoutCards(slots: readonly CardSlot[], gap: number, activeId: string | null = null): Map<string, number> {
  const cards = ordered(slots);
  const tops = cards.map((card) => Math.max(0, card.desiredTop));
  const active = activeId === null ? -1 : cards.findIndex((card) => card.id === activeId);

  if (active <= 0) {
    pushDown(cards, tops, 0, gap);
  } else {
    // Indexes stay within 0..active, so every read of `cards` and `tops` is defined.
    for (let index = active - 1; index >= 0; index -= 1) {
      const card = cards[index] as CardSlot;
      const below = tops[index + 1] as number;
      tops[index] = Math.min(card.desiredTop, below - gap - card.height);
    }
    if ((tops[0] as number) < 0) {
      // No room above: fall back to stacking from the top.
      tops[0] = 0;
      pushDown(cards, tops, 0, gap);
    } else {
      pushDown(cards, tops, active + 1, gap);
    }
  }
  return new Map(cards.map((card, index) => [card.id, tops[index] ?? 0]));
}

/** How tall the margin must be to hold every card. */
export function layoutHeight(slots: readonly CardSlot[], tops: ReadonlyMap<string, number>): number {
  return slots.reduce((bottom, slot) => Math.max(bottom, (tops.get(slot.id) ?? 0) + slot.height), 0);
}
