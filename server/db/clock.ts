/** Creation times for rows listed in creation order. */

let lastTimestamp = 0;

/**
 * Now as an ISO string, strictly later than the last one this process handed out, so rows made
 * in the same millisecond keep their order when listed by time.
 */
export function orderedTimestamp(): string {
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  return new Date(lastTimestamp).toISOString();
}
