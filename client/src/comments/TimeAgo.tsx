/** A `<time>` that reads "5 min ago" and shows the full date on hover. */
import { useEffect, useState } from 'react';
import { formatDateTime } from '../components/formatDate';
import { timeLabel } from './relativeTime';

/** The current time, updated every minute, so relative times stay true while a page stays open. */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The time of `iso`, relative to `now`. */
export function TimeAgo({ iso, now, className }: { iso: string; now: number; className?: string }) {
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className={className}>
      {timeLabel(iso, now)}
    </time>
  );
}
