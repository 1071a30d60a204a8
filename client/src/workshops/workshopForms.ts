/** Checks of the create and join forms, mirroring WorkshopCreateSchema and JoinSchema in plain words. */
import { JOIN_CODE_ALPHABET, WorkshopLimits } from '../../../shared/workshops';

/** Why a workshop title is unacceptable, or null. */
export function validateWorkshopTitle(raw: string): string | null {
  const title = raw.trim();
  if (title === '') return 'Please give the workshop a title.';
  if (title.length > WorkshopLimits.maxTitleLength) return `Titles can be at most ${WorkshopLimits.maxTitleLength} characters; this one has ${title.length}.`;
  return null;
}

/** Why a date is unacceptable (the date input gives YYYY-MM-DD), or null. */
export function validateWorkshopDate(raw: string): string | null {
  if (raw === '') return 'Please choose the date of the workshop.';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!match) return 'Enter the date as YYYY-MM-DD.';
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === raw ? null : 'That date does not exist.';
}

/** A typed code as the server reads it: no spaces or dashes, upper case. */
export function normalizeJoinCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** Why a (normalized) join code cannot be right, or null. */
export function validateJoinCode(code: string): string | null {
  if (code === '') return 'Enter the code your facilitator gave you.';
  if (code.length !== WorkshopLimits.joinCodeLength) return `Join codes have ${WorkshopLimits.joinCodeLength} characters; this one has ${code.length}.`;
  const wrong = [...code].find((char) => !JOIN_CODE_ALPHABET.includes(char));
  if (wrong !== undefined) return `Join codes never contain “${wrong}”: they use letters and the digits 2–9, without 0, O, 1, I or L.`;
  return null;
}
