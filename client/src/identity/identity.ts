/**
 * The local identity (until accounts exist): a display name the user types once and a colour for
 * their caret, kept in localStorage.
 */
import { PresenceLimits } from '../../../shared/limits';

/** Who this browser's user is, as shown to collaborators. */
export interface Identity {
  name: string;
  /** `#rrggbb`: the only form the caret extension accepts. */
  color: string;
}

/** The localStorage key of the identity (tests seed it to get stable colours). */
export const IDENTITY_STORAGE_KEY = 'casewrite.identity';
const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** Calm, readable caret colours, distinct from each other and legible behind white text. */
export const CARET_COLORS = [
  '#2f6f8f',
  '#7a5195',
  '#b5563c',
  '#2e7d5b',
  '#a0527a',
  '#4b5fa6',
  '#8a6d1f',
  '#3d7a7a',
] as const;

/** A random colour from the palette. */
export function pickCaretColor(random: () => number = Math.random): string {
  const index = Math.floor(random() * CARET_COLORS.length) % CARET_COLORS.length;
  return CARET_COLORS[index] ?? CARET_COLORS[0];
}

/** Why a display name is unacceptable, or null if it is fine (after trimming). */
export function validateDisplayName(raw: string): string | null {
  const name = raw.trim();
  if (name.length === 0) return 'Please enter a name.';
  if (name.length > PresenceLimits.maxNameLength) {
    return `Please keep it to ${PresenceLimits.maxNameLength} characters (now ${name.length}).`;
  }
  return null;
}

/** Reads the stored identity; anything missing or malformed counts as none. */
export function loadIdentity(storage: Storage = window.localStorage): Identity | null {
  let raw: string | null;
  try {
    raw = storage.getItem(IDENTITY_STORAGE_KEY);
  } catch {
    // Storage can be disabled by the browser's privacy settings: then we simply ask again.
    return null;
  }
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const name: unknown = Reflect.get(parsed, 'name');
    const color: unknown = Reflect.get(parsed, 'color');
    if (typeof name !== 'string' || validateDisplayName(name) !== null) return null;
    return { name: name.trim(), color: typeof color === 'string' && HEX_COLOR.test(color) ? color : pickCaretColor() };
  } catch {
    // Corrupt JSON from an older build or a manual edit: ask again rather than fail.
    return null;
  }
}

/** Stores the identity; returns false if the browser refused (the identity then lasts this tab). */
export function saveIdentity(identity: Identity, storage: Storage = window.localStorage): boolean {
  try {
    storage.setItem(IDENTITY_STORAGE_KEY, JSON.stringify(identity));
    return true;
  } catch {
    return false;
  }
}
