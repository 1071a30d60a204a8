/** The current step's countdown: ticks every second while running; paused, not started and time's up say so. */
import type { WorkshopTimer } from '../../../../shared/workshops';
import { useNow } from '../../comments/TimeAgo';
import { timeLeftMs } from '../timer';
import { timerDisplay } from './participantRules';

/** Props of StepTimer. */
export interface StepTimerProps {
  timer: WorkshopTimer;
  /** Server clock minus client clock. */
  clockOffsetMs: number;
}

/** The countdown. Not a live region (it would speak every second); running out is announced once. */
export function StepTimer({ timer, clockOffsetMs }: StepTimerProps) {
  const now = useNow(1000);
  const display = timerDisplay(timer, timeLeftMs(timer, clockOffsetMs, now));
  return (
    <div className={`step-timer step-timer--${display.tone}`}>
      <span className="step-timer__label">Time left</span>
      <span className="step-timer__value" role="timer" data-testid="time-left">
        {display.text}
      </span>
      <span className="visually-hidden" role="status">
        {display.tone === 'over' ? "Time's up for this step." : ''}
      </span>
    </div>
  );
}
