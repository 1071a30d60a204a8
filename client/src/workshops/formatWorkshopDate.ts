/** Workshop dates (YYYY-MM-DD, a calendar day with no time zone) in the reader's locale: "Sat, 1 Mar 2025". */

const formatter = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Formats a calendar date; anything else is shown as given. */
export function formatWorkshopDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  // Read and written in UTC so the day never shifts with the reader's time zone.
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) ? isoDate : formatter.format(date);
}
