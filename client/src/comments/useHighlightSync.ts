/**
 * Keeps the CommentHighlights plugin in step with the margin: the threads (decoded once per list,
 * drawn only when the filter shows them), the emphasised thread and the draft being composed.
 * Layout effects, so the highlights and the cards change in the same frame.
 */
import type { Editor } from '@tiptap/core';
import { useEffect, useLayoutEffect, useMemo } from 'react';
import type { CommentThread, ThreadFilter } from '../../../shared/comments';
import { decodeAnchor, type DecodedAnchor } from './anchors';
import { sendCommentMeta, type AnchoredThread } from './CommentHighlights';
import { matchesFilter } from './threads';

/** Sends the margin's threads, emphasis and draft to the plugin of `editor`; clears them on unmount. */
export function useHighlightSync(
  editor: Editor,
  threads: readonly CommentThread[] | null,
  filter: ThreadFilter,
  emphasisedId: string | null,
  draft: DecodedAnchor | null,
): void {
  const decoded = useMemo(
    () => (threads ?? []).map((thread) => ({ id: thread.id, resolved: thread.resolved, anchor: decodeAnchor(thread.anchor) })),
    [threads],
  );
  const anchored = useMemo<AnchoredThread[]>(
    () => decoded.map((thread) => ({ id: thread.id, anchor: thread.anchor, highlighted: matchesFilter(thread, filter) })),
    [decoded, filter],
  );
  useLayoutEffect(() => sendCommentMeta(editor, { type: 'threads', threads: anchored }), [editor, anchored]);
  useLayoutEffect(() => sendCommentMeta(editor, { type: 'active', id: emphasisedId }), [editor, emphasisedId]);
  useLayoutEffect(() => sendCommentMeta(editor, { type: 'draft', anchor: draft }), [editor, draft]);
  useEffect(
    () => () => {
      sendCommentMeta(editor, { type: 'threads', threads: [] });
      sendCommentMeta(editor, { type: 'draft', anchor: null });
    },
    [editor],
  );
}
