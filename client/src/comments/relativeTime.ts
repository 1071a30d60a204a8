/** Short relative times for comments and the inbox, with the absolute date kept for tooltips. */
import { formatDateTime } from '../components/formatDate';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A short relative time ("just now", "5 min ago", "3 h ago", "yesterday", "4 days ago"), or null
 * past a week or for a bad date, where the absolute date reads better.
 */
export function relativeTime(iso: string, now: number): string | null {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return null;
  const elapsed = Math.max(0, now - then);
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  if (elapsed < 2 * DAY) return 'yesterday';
  if (elapsed < 7 * DAY) return `${Math.floor(elapsed / DAY)} days ago`;
  return null;
}

/** The relative time when there is one, else the absolute date. */
export function timeLabel(iso: string, now: number): string {
  return relativeTime(iso, now) ?? formatDateTime(iso);
}
