/**
 * The participant's workshop bar, kept in view above their letter: the current step and its
 * guidance, the countdown, the facilitator's message (announced), "Raise hand", sharing, and the
 * letter switch during peer review. Once the workshop has ended it says so and nothing else.
 */
import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';
import type { Workshop, WorkshopState } from '../../../../shared/workshops';
import { HandButton } from './HandButton';
import { ShareToggle } from './ShareToggle';
import { StepTimer } from './StepTimer';
import { currentStep, isEnded } from './participantRules';

/** Props of WorkshopBar. */
export interface WorkshopBarProps {
  workshop: Workshop;
  state: WorkshopState;
  clockOffsetMs: number;
  userId: string;
  /** Whether I have a letter in the workshop (sharing needs one). */
  hasLetter: boolean;
  /** The guidance in full; otherwise clamped to two lines (screen readers get all of it either way). */
  guidanceOpen: boolean;
  onGuidanceOpenChange(open: boolean): void;
  /** The "My letter | Partner's letter" switch, during peer review. */
  tabs?: ReactNode;
}

/** The bar. */
export function WorkshopBar({ workshop, state, clockOffsetMs, userId, hasLetter, guidanceOpen, onGuidanceOpenChange, tabs }: WorkshopBarProps) {
  const ref = useRef<HTMLElement>(null);
  const guidanceId = useId();
  useBarHeight(ref);
  const ended = isEnded(workshop, state);
  const current = currentStep(workshop, state);

  return (
    <section ref={ref} className={`workshop-bar${ended ? ' workshop-bar--ended' : ''}`} aria-label={`Workshop: ${workshop.title}`} data-testid="workshop-bar">
      <div className="workshop-bar__row">
        <div className="workshop-bar__step">
          <span className="workshop-bar__eyebrow">
            {workshop.title}
            {current && !ended && ` · Step ${current.number} of ${current.count}`}
          </span>
          {ended ? (
            <p className="workshop-bar__step-title" data-testid="workshop-ended">
              This workshop has ended
            </p>
          ) : (
            current && (
              <p className="workshop-bar__step-title" data-testid="participant-step">
                {current.step.title}
              </p>
            )
          )}
        </div>
        {!ended && <StepTimer timer={state.timer} clockOffsetMs={clockOffsetMs} />}
        {!ended && <HandButton workshopId={workshop.id} state={state} userId={userId} />}
      </div>
      {/* Said when the facilitator moves the group on or puts a letter on the shared screen. */}
      <span className="visually-hidden" role="status">
        {!ended && current ? `Step ${current.number} of ${current.count}: ${current.step.title}.` : ''}
      </span>
      <span className="visually-hidden" role="status">
        {!ended && state.spotlight ? `On the shared screen: ${state.spotlight.title} by ${state.spotlight.ownerName}.` : ''}
      </span>
      <div className="workshop-bar__broadcast" role="status" aria-live="polite">
        {state.broadcast && !ended && (
          <p className="broadcast" data-testid="broadcast">
            <span className="broadcast__from">{workshop.facilitator.name}:</span> {state.broadcast.text}
          </p>
        )}
      </div>
      {ended ? (
        <p className="workshop-bar__ended">
          {hasLetter
            ? 'Your letter stays yours: keep working on it here or from your letters. Partners and the facilitator no longer see it.'
            : 'Thank you for taking part.'}
        </p>
      ) : (
        <>
          {current && current.step.guidance !== '' && (
            <div className="workshop-bar__guidance">
              <p id={guidanceId} className={`workshop-bar__guidance-text${guidanceOpen ? '' : ' workshop-bar__guidance-text--clamped'}`} data-testid="step-guidance">
                {current.step.guidance}
              </p>
              <button type="button" className="link-button" aria-expanded={guidanceOpen} aria-controls={guidanceId} onClick={() => onGuidanceOpenChange(!guidanceOpen)}>
                {guidanceOpen ? 'Less' : 'More'}
                <span className="visually-hidden"> guidance</span>
              </button>
            </div>
          )}
          {(hasLetter || tabs) && (
            <div className="workshop-bar__row workshop-bar__row--controls">
              {tabs}
              {hasLetter && <ShareToggle workshopId={workshop.id} initiallyShared={workshop.sharesText} />}
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** Publishes the bar's height as `--workshop-bar-height`, so sticky outlines and scroll targets clear it. */
function useBarHeight(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty('--workshop-bar-height', `${Math.ceil(element.getBoundingClientRect().height)}px`));
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--workshop-bar-height');
    };
  }, [ref]);
}
