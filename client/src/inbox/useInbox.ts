/**
 * My inbox, kept fresh: loaded on mount, every 30 seconds while the tab is visible, and at once
 * when the open letter's connection says something new arrived (inboxEvents).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { InboxItem } from '../../../shared/inbox';
import { getInbox, markAllInboxRead, markInboxItemRead, type Inbox } from '../api/inbox';
import { useRefreshWhileVisible } from '../components/useRefreshWhileVisible';
import { onInboxRefresh } from './inboxEvents';

/** Loading, the inbox (with the last refresh's failure, if any), or the first load's error. */
export type InboxState = { status: 'loading' } | { status: 'ready'; inbox: Inbox; staleBecause: unknown } | { status: 'error'; error: unknown };

/** What useInbox returns. */
export interface InboxResource {
  state: InboxState;
  /** Loads again (quietly when something is already shown). */
  refresh(): void;
  /** Marks one item read: shown at once, then confirmed by the server (never rejects). */
  markRead(item: InboxItem): Promise<void>;
  /** Marks everything read. */
  markAllRead(): Promise<void>;
}

/** The inbox of the signed-in person. */
export function useInbox(): InboxResource {
  const [state, setState] = useState<InboxState>({ status: 'loading' });
  const inFlight = useRef<AbortController | null>(null);

  const refresh = useCallback(() => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    getInbox(controller.signal).then(
      (inbox) => {
        if (!controller.signal.aborted) setState({ status: 'ready', inbox, staleBecause: null });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        // A failed refresh keeps the items on screen; only a first load shows the error.
        setState((previous) => (previous.status === 'ready' ? { ...previous, staleBecause: error } : { status: 'error', error }));
      },
    );
  }, []);

  useEffect(() => {
    refresh();
    const unsubscribe = onInboxRefresh(refresh);
    return () => {
      unsubscribe();
      inFlight.current?.abort();
    };
  }, [refresh]);
  useRefreshWhileVisible(refresh);

  const markRead = useCallback(
    async (item: InboxItem) => {
      if (item.readAt !== null) return;
      const readAt = new Date().toISOString();
      setState((previous) =>
        previous.status === 'ready'
          ? {
              ...previous,
              inbox: {
                items: previous.inbox.items.map((candidate) => (candidate.id === item.id ? { ...candidate, readAt } : candidate)),
                unread: Math.max(0, previous.inbox.unread - 1),
              },
            }
          : previous,
      );
      try {
        await markInboxItemRead(item.id);
      } catch {
        // The person is already on their way to the letter; the refresh below shows the item
        // unread again, which is the truth, and they can open it once more.
      }
      refresh();
    },
    [refresh],
  );

  const markAllRead = useCallback(async () => {
    try {
      await markAllInboxRead();
    } finally {
      refresh();
    }
  }, [refresh]);

  return { state, refresh, markRead, markAllRead };
}
