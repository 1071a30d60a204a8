/**
 * The Comment button for people who may comment but not edit (commenters): they get no formatting
 * toolbar, so this bar stands in its place. Editors find the same button in the toolbar.
 */
import type { Editor } from '@tiptap/core';
import type { MouseEvent } from 'react';
import { requestComment } from './CommentHighlights';
import { COMMENT_SHORTCUT, COMMENT_SHORTCUT_ARIA } from './shortcuts';

/** Keeps the text selection when the button is pressed with the mouse. */
function keepSelection(event: MouseEvent) {
  event.preventDefault();
}

/** A one-button toolbar: comment on the selected words. */
export function CommentBar({ editor }: { editor: Editor }) {
  return (
    <div className="toolbar toolbar--comments" role="toolbar" aria-label="Comments">
      <div className="toolbar__group">
        <button
          type="button"
          className="tool"
          aria-keyshortcuts={COMMENT_SHORTCUT_ARIA}
          title={`Comment on the selected words (${COMMENT_SHORTCUT})`}
          onMouseDown={keepSelection}
          onClick={() => requestComment(editor)}
        >
          Comment
        </button>
      </div>
      <p className="toolbar__hint">Select words in the letter to comment on them.</p>
    </div>
  );
}
