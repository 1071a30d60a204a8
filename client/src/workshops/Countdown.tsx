/** The current step's timer as a live countdown, computed each second from the shared state. */
import type { WorkshopTimer } from '../../../shared/workshops';
import { useNow } from '../comments/TimeAgo';
import { formatCountdown, timeLeftMs } from './timer';

/** Props of Countdown. */
export interface CountdownProps {
  timer: WorkshopTimer;
  clockOffsetMs: number;
}

/** Words for the timer's state, so it never rests on the digits alone. */
export function timerStateLabel(timer: WorkshopTimer, leftMs: number): string {
  if (timer.state === 'running') return leftMs === 0 ? 'Time is up' : 'Running';
  if (timer.state === 'paused') return 'Paused';
  return 'Not started';
}

/** `m:ss` left and the timer's state. Not a live region: announcing every second would drown a screen reader. */
export function Countdown({ timer, clockOffsetMs }: CountdownProps) {
  const now = useNow(1000);
  const left = timeLeftMs(timer, clockOffsetMs, now);
  const over = timer.state === 'running' && left === 0;
  return (
    <div className={`countdown countdown--${over ? 'over' : timer.state}`} data-testid="countdown">
      <span className="countdown__time" role="timer" aria-label={`${formatCountdown(left)} left`}>
        {formatCountdown(left)}
      </span>
      <span className="countdown__state">{timerStateLabel(timer, left)}</span>
    </div>
  );
}
