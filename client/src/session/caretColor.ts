/**
 * Each person's caret colour: derived from their user id, so everyone sees the same colour for the
 * same person in every browser, unless they picked another one (kept in this browser's storage).
 */

/** Calm, readable caret colours, distinct from each other and legible behind white text. */
export const CARET_COLORS = ['#2f6f8f', '#7a5195', '#b5563c', '#2e7d5b', '#a0527a', '#4b5fa6', '#8a6d1f', '#3d7a7a'] as const;

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** The localStorage key of a person's chosen colour (tests seed it to get stable screenshots). */
export function caretColorKey(userId: string): string {
  return `casewrite.caretColor.${userId}`;
}

/** The palette colour for `userId` (FNV-1a hash: stable, spread evenly enough for eight colours). */
export function colorForUserId(userId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return CARET_COLORS[hash % CARET_COLORS.length] ?? CARET_COLORS[0];
}

/** The colour to use: a valid stored choice, else the derived one. */
export function loadCaretColor(userId: string, storage: Pick<Storage, 'getItem'> = window.localStorage): string {
  try {
    const stored = storage.getItem(caretColorKey(userId));
    if (stored !== null && HEX_COLOR.test(stored)) return stored;
  } catch {
    // Storage disabled by privacy settings: the derived colour is just as good.
  }
  return colorForUserId(userId);
}

/** Remembers a chosen colour in this browser; false if the browser refused. */
export function saveCaretColor(userId: string, color: string, storage: Pick<Storage, 'setItem'> = window.localStorage): boolean {
  try {
    storage.setItem(caretColorKey(userId), color);
    return true;
  } catch {
    return false;
  }
}
