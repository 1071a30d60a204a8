/** The card for a new comment on the selected words: their quote and the "Comment" box. */
import type { CommentDraft } from '../api/comments';
import { CommentBox, type MentionCandidate } from './CommentBox';
import { excerpt } from './threads';

/** Props of ComposeCard. */
export interface ComposeCardProps {
  quote: string;
  candidates: readonly MentionCandidate[];
  /** Text typed before (kept when the selection changed under an open box). */
  initialText: string;
  /** Pixels from the top of the margin's track when placed beside the text. */
  top?: number;
  cardRef(element: HTMLElement | null): void;
  onSubmit(draft: CommentDraft): Promise<void>;
  onCancel(): void;
  onTextChange(text: string): void;
}

/** The compose card (`data-testid="comment-compose"`). */
export function ComposeCard({ quote, candidates, initialText, top, cardRef, onSubmit, onCancel, onTextChange }: ComposeCardProps) {
  return (
    <div
      ref={cardRef}
      className="comment-card comment-card--compose comment-card--active"
      data-testid="comment-compose"
      style={top === undefined ? undefined : { top }}
    >
      <blockquote className="comment-card__quote">“{excerpt(quote, 120)}”</blockquote>
      <CommentBox
        label="Comment"
        submitLabel="Comment"
        placeholder="Add a comment…"
        initialText={initialText}
        candidates={candidates}
        autoFocus
        onSubmit={onSubmit}
        onCancel={onCancel}
        onTextChange={onTextChange}
      />
    </div>
  );
}
