/**
 * Measures where each thread's words are on screen and places the cards beside them (layout.ts),
 * again whenever the text, the window, or a card's size changes. Measuring happens before paint
 * (layout effect) or in the next animation frame, never in a loop.
 */
import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { layoutCards, layoutHeight, type CardSlot } from './layout';

/** A card to place: its id and the document position of the start of its words. */
export interface MarginItem {
  id: string;
  from: number;
}

/** Where the cards go (pixels from the top of the track) and how tall the track must be. */
export interface MarginLayout {
  tops: ReadonlyMap<string, number>;
  height: number;
}

/** The width the letter's body row needs for the margin beside the text; narrower gets the list. */
const BESIDE_MIN_WIDTH = 820;

/** Space between two cards. */
const CARD_GAP = 10;

const EMPTY: MarginLayout = { tops: new Map(), height: 0 };

function sameLayout(a: MarginLayout, b: MarginLayout): boolean {
  if (a.height !== b.height || a.tops.size !== b.tops.size) return false;
  for (const [id, top] of a.tops) if (b.tops.get(id) !== top) return false;
  return true;
}

/** The layout of `items` in `trackRef`, and a ref callback each card registers with. */
export function useMarginLayout(
  editor: Editor | null,
  trackRef: RefObject<HTMLElement | null>,
  items: readonly MarginItem[],
  activeId: string | null,
  enabled: boolean,
): {
  layout: MarginLayout;
  registerCard(id: string): (element: HTMLElement | null) => void;
  cardElement(id: string): HTMLElement | undefined;
} {
  const [layout, setLayout] = useState<MarginLayout>(EMPTY);
  const cards = useRef(new Map<string, HTMLElement>());
  const callbacks = useRef(new Map<string, (element: HTMLElement | null) => void>());
  const frame = useRef(0);
  const observer = useRef<ResizeObserver | null>(null);
  const inputs = useRef({ editor, items, activeId, enabled });
  inputs.current = { editor, items, activeId, enabled };

  const measure = useCallback(() => {
    const { editor: current, items: currentItems, activeId: active, enabled: on } = inputs.current;
    const track = trackRef.current;
    if (!on || !current || current.isDestroyed || !track) return;
    const trackTop = track.getBoundingClientRect().top;
    const size = current.state.doc.content.size;
    const slots: CardSlot[] = currentItems.map((item) => {
      let desiredTop = 0;
      try {
        desiredTop = current.view.coordsAtPos(Math.min(item.from, size), 1).top - trackTop;
      } catch {
        // A position the view cannot place yet (mid-update): the card goes to the top for one frame.
      }
      return { id: item.id, desiredTop, height: cards.current.get(item.id)?.offsetHeight ?? 0 };
    });
    const tops = layoutCards(slots, CARD_GAP, active);
    const next = { tops, height: layoutHeight(slots, tops) };
    setLayout((previous) => (sameLayout(previous, next) ? previous : next));
  }, [trackRef]);

  const schedule = useCallback(() => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(measure);
  }, [measure]);

  // Every render may have moved or resized cards: place them before the browser paints.
  useLayoutEffect(measure);

  useEffect(() => {
    const resize = new ResizeObserver(schedule);
    observer.current = resize;
    for (const element of cards.current.values()) resize.observe(element);
    if (trackRef.current?.parentElement) resize.observe(trackRef.current.parentElement);
    if (editor && !editor.isDestroyed) resize.observe(editor.view.dom);
    editor?.on('update', schedule);
    window.addEventListener('resize', schedule);
    void document.fonts?.ready.then(schedule);
    return () => {
      resize.disconnect();
      observer.current = null;
      editor?.off('update', schedule);
      window.removeEventListener('resize', schedule);
      cancelAnimationFrame(frame.current);
    };
  }, [editor, schedule, trackRef]);

  const registerCard = useCallback((id: string) => {
    let callback = callbacks.current.get(id);
    if (!callback) {
      callback = (element: HTMLElement | null) => {
        const previous = cards.current.get(id);
        if (previous) observer.current?.unobserve(previous);
        if (element) {
          cards.current.set(id, element);
          observer.current?.observe(element);
        } else {
          cards.current.delete(id);
        }
      };
      callbacks.current.set(id, callback);
    }
    return callback;
  }, []);

  const cardElement = useCallback((id: string) => cards.current.get(id), []);

  return { layout: enabled ? layout : EMPTY, registerCard, cardElement };
}

/** Beside the text or a list, by the width of the row the margin sits in. */
export function useMarginMode(rootRef: RefObject<HTMLElement | null>): 'beside' | 'list' {
  const [mode, setMode] = useState<'beside' | 'list'>('list');
  useLayoutEffect(() => {
    const row = rootRef.current?.parentElement;
    if (!row) return;
    const update = () => setMode(row.getBoundingClientRect().width >= BESIDE_MIN_WIDTH ? 'beside' : 'list');
    update();
    const observer = new ResizeObserver(update);
    observer.observe(row);
    return () => observer.disconnect();
  }, [rootRef]);
  return mode;
}
