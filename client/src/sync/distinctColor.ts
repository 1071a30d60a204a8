/**
 * Caret colours that differ among the people present: a person keeps their own colour unless
 * someone already present shows it, and then takes the first palette colour nobody present uses.
 * Of two clients showing the same colour, the one with the higher awareness client id moves, so
 * exactly one of them changes and everyone settles on distinct colours.
 */
import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { CARET_COLORS } from '../session/caretColor';

/** The colour another client announces in its awareness `user`, or null. */
function announcedColor(state: unknown): string | null {
  if (typeof state !== 'object' || state === null) return null;
  const user: unknown = Reflect.get(state, 'user');
  if (typeof user !== 'object' || user === null) return null;
  const color: unknown = Reflect.get(user, 'color');
  return typeof color === 'string' ? color.toLowerCase() : null;
}

/**
 * The colour client `selfId` should show: `current` while no client with a lower id shows it, else
 * the first colour of the palette (from `preferred` on) that no other client shows; `current`
 * when every colour is taken (more people than colours).
 */
export function distinctCaretColor(current: string, preferred: string, selfId: number, states: ReadonlyMap<number, unknown>): string {
  const others = new Map<number, string>();
  for (const [clientId, state] of states) {
    const color = announcedColor(state);
    if (clientId !== selfId && color !== null) others.set(clientId, color);
  }
  const mine = current.toLowerCase();
  const yieldTo = [...others].some(([clientId, color]) => color === mine && clientId < selfId);
  if (!yieldTo) return current;
  const taken = new Set(others.values());
  const start = Math.max(0, CARET_COLORS.findIndex((color) => color === preferred.toLowerCase()));
  for (let step = 0; step < CARET_COLORS.length; step += 1) {
    const candidate = CARET_COLORS[(start + step) % CARET_COLORS.length];
    if (candidate !== undefined && !taken.has(candidate)) return candidate;
  }
  return current;
}

/** The colour to announce in `awareness` for a person whose own colour is `preferred`, kept distinct from the others present. */
export function useDistinctCaretColor(awareness: Awareness, preferred: string): string {
  const [color, setColor] = useState(preferred);

  useEffect(() => {
    setColor(preferred);
  }, [preferred]);

  useEffect(() => {
    const handleChange = () => setColor((current) => distinctCaretColor(current, preferred, awareness.clientID, awareness.getStates()));
    handleChange();
    // 'change' fires only when a state really changed (someone joined, left or changed colour).
    awareness.on('change', handleChange);
    return () => awareness.off('change', handleChange);
  }, [awareness, preferred]);

  return color;
}
