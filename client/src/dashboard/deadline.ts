/** How close a letter's deadline is, worked out on calendar days in the reader's own time zone. */

/** Deadlines this many days away or fewer count as soon. */
export const SOON_DAYS = 7;

/** Where a deadline stands today. */
export type DeadlineUrgency = 'none' | 'overdue' | 'today' | 'soon' | 'later';

/** The urgency of `deadline` and how many days are left (negative when past). */
export interface DeadlineState {
  urgency: DeadlineUrgency;
  /** Whole days from today to the deadline; null without a deadline. */
  days: number | null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since the epoch of a YYYY-MM-DD date, or null when it is not one. */
function dayNumber(isoDate: string): number | null {
  const match = ISO_DATE.exec(isoDate);
  if (!match) return null;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(time) ? null : Math.round(time / 86_400_000);
}

/** Today as YYYY-MM-DD in the local time zone. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** How urgent `deadline` (YYYY-MM-DD or '') is on `today`; a sent letter's deadline no longer is. */
export function deadlineState(deadline: string, today: string, sent = false): DeadlineState {
  const due = dayNumber(deadline);
  const now = dayNumber(today);
  if (due === null || now === null) return { urgency: 'none', days: null };
  const days = due - now;
  if (sent) return { urgency: 'later', days };
  if (days < 0) return { urgency: 'overdue', days };
  if (days === 0) return { urgency: 'today', days };
  return { urgency: days <= SOON_DAYS ? 'soon' : 'later', days };
}

/** The words beside a deadline, so urgency never rests on colour alone ('' when none is needed). */
export function deadlineLabel({ urgency, days }: DeadlineState): string {
  if (urgency === 'overdue' && days !== null) return days === -1 ? 'Overdue by 1 day' : `Overdue by ${-days} days`;
  if (urgency === 'today') return 'Due today';
  if (urgency === 'soon' && days !== null) return days === 1 ? 'Due tomorrow' : `Due in ${days} days`;
  return '';
}

const dateFormatter = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A YYYY-MM-DD date as "12 Mar 2025" in the reader's locale, without shifting it across time zones. */
export function formatCalendarDate(isoDate: string): string {
  const day = dayNumber(isoDate);
  return day === null ? isoDate : dateFormatter.format(new Date(day * 86_400_000));
}
