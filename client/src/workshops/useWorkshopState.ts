/**
 * The live state of a workshop, followed over Server-Sent Events (`GET /api/workshops/:id/events`,
 * event `state`). EventSource reconnects by itself after a dropped connection; on every (re)open the
 * state is also fetched once over plain HTTP, so a change missed while disconnected is never lost.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { WorkshopState } from '../../../shared/workshops';
import { CloseReason } from '../../../shared/protocol';
import { SESSION_LOST_EVENT } from '../api/http';
import { getWorkshopState, workshopEventsUrl, WorkshopStateSchema } from '../api/workshops';
import { announceWorkshopPush } from './workshopPush';

/** How the stream is doing: before the first open, open, or lost and trying again. */
export type WorkshopStreamStatus = 'connecting' | 'live' | 'reconnecting';

/** What useWorkshopState returns. */
export interface WorkshopStateResult {
  state: WorkshopState | null;
  status: WorkshopStreamStatus;
  /** Server clock minus client clock, from the latest state's `serverNow` (for timers). */
  clockOffsetMs: number;
  /** Applies a state obtained another way (an action's answer); older revisions are ignored. */
  applyState(state: WorkshopState): void;
}

/** A browser gives up on an EventSource after a non-200 answer; retry after this long. */
const RETRY_CLOSED_MS = 5000;

/** Whether `next` should replace `current`: never go back to an older revision. */
export function isNewerState(current: WorkshopState | null, next: WorkshopState): boolean {
  return current === null || current.workshopId !== next.workshopId || next.revision >= current.revision;
}

/** Parses one `state` event's data; null when it is not a WorkshopState. */
export function parseStateEvent(data: unknown): WorkshopState | null {
  if (typeof data !== 'string') return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    // A malformed event is dropped; the next one (or the fallback fetch) carries the whole state again.
    return null;
  }
  const parsed = WorkshopStateSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Follows the live state of workshop `workshopId`. */
export function useWorkshopState(workshopId: string): WorkshopStateResult {
  const [state, setState] = useState<WorkshopState | null>(null);
  const [status, setStatus] = useState<WorkshopStreamStatus>('connecting');
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const current = useRef<WorkshopState | null>(null);

  const applyState = useCallback((next: WorkshopState) => {
    if (!isNewerState(current.current, next)) return;
    current.current = next;
    setState(next);
    const serverNow = Date.parse(next.serverNow);
    if (!Number.isNaN(serverNow)) setClockOffsetMs(serverNow - Date.now());
  }, []);

  useEffect(() => {
    current.current = null;
    setState(null);
    setStatus('connecting');
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let fetchController: AbortController | null = null;
    let disposed = false;

    const fetchFallback = () => {
      fetchController?.abort();
      const controller = new AbortController();
      fetchController = controller;
      getWorkshopState(workshopId, controller.signal).then(applyState, (error: unknown) => {
        // The stream is the main channel; a failed fallback only matters if the stream fails too,
        // and then the status already says so.
        if (!controller.signal.aborted) console.warn('Workshop state fetch failed', error);
      });
    };

    const connect = () => {
      if (disposed) return;
      const next = new EventSource(workshopEventsUrl(workshopId));
      source = next;
      next.addEventListener('open', () => {
        setStatus('live');
        fetchFallback();
        // What changed while the stream was down is reloaded too.
        announceWorkshopPush(workshopId, 'spotlight');
        announceWorkshopPush(workshopId, 'board');
      });
      next.addEventListener('spotlight', () => announceWorkshopPush(workshopId, 'spotlight'));
      next.addEventListener('board', () => announceWorkshopPush(workshopId, 'board'));
      next.addEventListener('state', (event) => {
        const parsed = parseStateEvent(event.data);
        if (parsed) {
          setStatus('live');
          applyState(parsed);
        }
      });
      // The server ends the stream with `closed` ({ code } as for a socket) when the session ended:
      // the app then asks to sign in again instead of retrying in vain.
      next.addEventListener('closed', (event) => {
        if (closedCode(event.data) !== CloseReason.unauthenticated.code) return;
        next.close();
        disposed = true;
        window.dispatchEvent(new Event(SESSION_LOST_EVENT));
      });
      next.addEventListener('error', () => {
        setStatus((previous) => (previous === 'connecting' && current.current === null ? 'connecting' : 'reconnecting'));
        if (next.readyState === EventSource.CLOSED) {
          // Closed for good (an error status, not a dropped line): EventSource will not retry, so we do.
          next.close();
          setStatus('reconnecting');
          retryTimer = setTimeout(connect, RETRY_CLOSED_MS);
        }
      });
    };

    connect();
    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      fetchController?.abort();
      source?.close();
    };
  }, [workshopId, applyState]);

  return { state, status, clockOffsetMs, applyState };
}

/** The close code a `closed` event carries, or null if it carries none. */
function closedCode(data: unknown): number | null {
  if (typeof data !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === 'object' && parsed !== null && 'code' in parsed && typeof parsed.code === 'number' ? parsed.code : null;
  } catch {
    return null;
  }
}
