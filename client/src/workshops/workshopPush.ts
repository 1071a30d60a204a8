/**
 * The workshop stream's light signals (`spotlight`: the letter on the shared screen was edited;
 * `board`: someone came or went), passed from the one stream to whichever panels show that part,
 * so they reload at once instead of polling.
 */
import { useEffect, useRef } from 'react';

/** A signal the stream may carry besides the state. */
export type WorkshopPushSignal = 'spotlight' | 'board';

/** The window event that carries a signal to the panels. */
const PUSH_EVENT = 'casewrite:workshop-push';

/** What the event carries. */
interface PushDetail {
  workshopId: string;
  signal: WorkshopPushSignal;
}

/** Tells the panels of `workshopId` that `signal` arrived. */
export function announceWorkshopPush(workshopId: string, signal: WorkshopPushSignal): void {
  window.dispatchEvent(new CustomEvent<PushDetail>(PUSH_EVENT, { detail: { workshopId, signal } }));
}

/** Calls `onPush` whenever `signal` arrives for `workshopId`. */
export function useWorkshopPush(workshopId: string, signal: WorkshopPushSignal, onPush: () => void): void {
  const latest = useRef(onPush);
  latest.current = onPush;
  useEffect(() => {
    const handle = (event: Event) => {
      if (!(event instanceof CustomEvent)) return;
      // Only this module dispatches the event, always with a PushDetail.
      const detail = event.detail as PushDetail;
      if (detail.workshopId === workshopId && detail.signal === signal) latest.current();
    };
    window.addEventListener(PUSH_EVENT, handle);
    return () => window.removeEventListener(PUSH_EVENT, handle);
  }, [workshopId, signal]);
}
