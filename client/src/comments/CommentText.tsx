/** A comment's text as React text nodes (never HTML), with its recorded mentions as styled spans. */
import { useMemo } from 'react';
import { splitMentions, type Mentionable } from './mentions';

/** The text of one comment; `people` are the members it mentions. */
export function CommentText({ text, people }: { text: string; people: readonly Mentionable[] }) {
  const pieces = useMemo(() => splitMentions(text, people), [text, people]);
  return (
    <p className="comment__text">
      {pieces.map((piece, index) =>
        piece.kind === 'mention' ? (
          <span key={index} className="mention" data-user-id={piece.userId}>
            {piece.text}
          </span>
        ) : (
          piece.text
        ),
      )}
    </p>
  );
}
