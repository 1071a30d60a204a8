/**
 * `?thread=ID` in the letter's address (inbox links): once the threads are loaded and placed, the
 * margin shows that thread (or says it is gone), and the parameter is dropped so that following the
 * same link again works again. Other parameters (`?review=`) are left alone.
 */
import { useEffect, useRef } from 'react';
import { useLocation, useSearch } from 'wouter';
import type { CommentThread } from '../../../shared/comments';
import type { TextRange } from './anchors';

/**
 * Calls `onOpen` with the linked thread, or null when this letter has no such thread. `ranges` is
 * undefined until the highlight plugin has placed the threads.
 */
export function useThreadLink(
  threads: readonly CommentThread[] | null,
  ranges: ReadonlyMap<string, TextRange | null> | undefined,
  onOpen: (thread: CommentThread | null) => void,
): void {
  const search = useSearch();
  const [path, navigate] = useLocation();
  const latest = useRef(onOpen);
  useEffect(() => {
    latest.current = onOpen;
  });
  const wanted = new URLSearchParams(search).get('thread');

  useEffect(() => {
    if (!wanted || !threads || !ranges) return;
    const thread = threads.find((candidate) => candidate.id === wanted) ?? null;
    // A thread that just arrived is placed in the next render: wait for it.
    if (thread && !ranges.has(thread.id)) return;
    latest.current(thread);
    const params = new URLSearchParams(search);
    params.delete('thread');
    const rest = params.toString();
    navigate(rest ? `${path}?${rest}` : path, { replace: true });
  }, [wanted, threads, ranges, search, path, navigate]);
}
