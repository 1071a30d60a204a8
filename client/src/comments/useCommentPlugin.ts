/** React bindings for the comment-highlight plugin: its state, and the events it announces. */
import type { Editor, EditorEvents } from '@tiptap/core';
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { commentHighlightKey, commentHighlightState, type CommentHighlightMeta, type CommentHighlightState } from './CommentHighlights';

/** The plugin's state, changing only when something besides its decorations changed (not on every keystroke). */
export function useCommentHighlightState(editor: Editor | null): CommentHighlightState | null {
  const cache = useRef<CommentHighlightState | null>(null);
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!editor) return () => {};
      editor.on('transaction', onChange);
      return () => {
        editor.off('transaction', onChange);
      };
    },
    [editor],
  );
  const getSnapshot = (): CommentHighlightState | null => {
    const next = editor ? commentHighlightState(editor) : null;
    const previous = cache.current;
    if (
      previous &&
      next &&
      previous.threads === next.threads &&
      previous.ranges === next.ranges &&
      previous.ready === next.ready &&
      previous.draft === next.draft &&
      previous.activeId === next.activeId &&
      previous.hoverId === next.hoverId
    ) {
      return previous;
    }
    cache.current = next;
    return next;
  };
  return useSyncExternalStore(subscribe, getSnapshot);
}

/** What the plugin announces: a request to comment on the selection, or a click on highlighted words. */
export type CommentEditorEvent = Extract<CommentHighlightMeta, { type: 'compose' } | { type: 'open' }>;

/** Calls `onEvent` for each announcement (after the transaction, so it may dispatch in turn). */
export function useCommentEditorEvents(editor: Editor | null, onEvent: (event: CommentEditorEvent) => void): void {
  const latest = useRef(onEvent);
  useEffect(() => {
    latest.current = onEvent;
  });
  useEffect(() => {
    if (!editor) return;
    const handleTransaction = ({ transaction }: EditorEvents['transaction']) => {
      const meta = transaction.getMeta(commentHighlightKey) as CommentHighlightMeta | undefined; // only CommentHighlights sets it
      if (meta?.type === 'compose' || meta?.type === 'open') queueMicrotask(() => latest.current(meta));
    };
    editor.on('transaction', handleTransaction);
    return () => {
      editor.off('transaction', handleTransaction);
    };
  }, [editor]);
}
