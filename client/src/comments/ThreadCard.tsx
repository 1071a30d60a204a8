/**
 * One thread's card in the margin: its comments and replies, who wrote them and when, the reply
 * box (on the active card), and the author's edit and delete, and resolve or reopen. Every change
 * is an HTTP call; the card hands the server's answer up so the list shows it at once.
 */
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Comment, CommentThread } from '../../../shared/comments';
import { addReply, deleteComment, setThreadResolved, updateComment, type CommentDraft } from '../api/comments';
import { Avatar } from '../components/Avatar';
import { errorMessage } from '../components/errorMessage';
import { professionTag } from '../session/professions';
import { colorForUserId } from '../session/caretColor';
import { CommentBox, type MentionCandidate } from './CommentBox';
import { CommentText } from './CommentText';
import type { Mentionable } from './mentions';
import { TimeAgo } from './TimeAgo';
import { excerpt, mayChangeComment, mayComment, mayResolve, type CommentPermissions, type ThreadState } from './threads';

/** Props of ThreadCard. */
export interface ThreadCardProps {
  letterId: string;
  thread: CommentThread;
  state: ThreadState;
  me: CommentPermissions;
  /** Members by user id, to name mentions. */
  people: ReadonlyMap<string, MentionCandidate>;
  /** Who `@` suggests. */
  candidates: readonly MentionCandidate[];
  now: number;
  /** Selected (focused or clicked): shows the reply box. */
  active: boolean;
  /** Its words are hovered, or it is: drawn emphasised. */
  highlighted: boolean;
  /** Show the quoted words (detached threads, and the narrow-screen list). */
  showQuote: boolean;
  /** Pixels from the top of the margin's track when placed beside the text (null: not measured yet). */
  top?: number | null;
  cardRef(element: HTMLElement | null): void;
  /** An unsent reply kept while the card is not active. */
  replyDraft: string;
  onReplyDraft(threadId: string, text: string): void;
  onActivate(threadId: string): void;
  onHover(threadId: string | null): void;
  /** The thread as the server now has it, or null when it was deleted. */
  onChange(threadId: string, thread: CommentThread | null): void;
}

function mentionedPeople(comment: Comment, people: ReadonlyMap<string, MentionCandidate>): Mentionable[] {
  return comment.mentions.flatMap((userId) => {
    const person = people.get(userId);
    return person ? [person] : [];
  });
}

/** The card. Memoised: typing elsewhere in the letter re-renders the margin, not every card. */
export const ThreadCard = memo(function ThreadCard(props: ThreadCardProps) {
  const { letterId, thread, state, me, people, candidates, now, active, highlighted, showQuote, top, cardRef } = props;
  const { replyDraft, onReplyDraft, onActivate, onHover, onChange } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [focusReply, setFocusReply] = useState(false);
  const replyRef = useRef<HTMLTextAreaElement | null>(null);
  const pressed = useRef(false);
  const canReply = mayComment(me) && !thread.resolved;
  const canResolve = mayResolve(me, thread);
  const first = thread.comments[0];

  useEffect(() => {
    if (focusReply && active && replyRef.current) {
      replyRef.current.focus();
      setFocusReply(false);
    }
  }, [focusReply, active]);

  /** Shows the reply box (on the active card) and puts the caret in it. */
  function openReply() {
    onActivate(thread.id);
    setFocusReply(true);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === 'Enter' && event.target === event.currentTarget && canReply) {
      event.preventDefault();
      openReply();
    }
  }

  // A pointer activates the card on click, after the press: activating on focus (at the press)
  // could move the card, and the button under the pointer with it, before the click lands.
  function handlePointerDown() {
    pressed.current = true;
  }

  function handleFocus() {
    if (!pressed.current) onActivate(thread.id);
    pressed.current = false;
  }

  function handleClick() {
    pressed.current = false;
    onActivate(thread.id);
  }

  async function handleReply(draft: CommentDraft) {
    const comment = await addReply(letterId, thread.id, draft);
    onChange(thread.id, { ...thread, comments: [...thread.comments, comment] });
  }

  async function handleResolve(resolved: boolean) {
    setBusy(true);
    setError(null);
    try {
      onChange(thread.id, await setThreadResolved(letterId, thread.id, resolved));
    } catch (cause) {
      setError(`Could not ${resolved ? 'resolve' : 'reopen'} this thread. ${errorMessage(cause)}`);
    } finally {
      setBusy(false);
    }
  }

  const className = [
    'comment-card',
    `comment-card--${state}`,
    active ? 'comment-card--active' : '',
    highlighted ? 'comment-card--highlighted' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <article
      ref={cardRef}
      className={className}
      style={top === undefined ? undefined : { top: top ?? 0, visibility: top === null ? 'hidden' : undefined }}
      tabIndex={0}
      data-testid="comment-thread"
      data-thread-id={thread.id}
      data-state={state}
      data-resolved={thread.resolved}
      aria-label={`Comment by ${thread.author.name} on “${excerpt(thread.quote, 60)}”${state === 'open' ? '' : ` (${state})`}`}
      aria-current={active || undefined}
      onKeyDown={handleKeyDown}
      onClick={handleClick}
      onPointerDown={handlePointerDown}
      onFocus={handleFocus}
      onMouseEnter={() => onHover(thread.id)}
      onMouseLeave={() => onHover(null)}
    >
      {(showQuote || state === 'detached') && (
        <blockquote className="comment-card__quote">
          {state === 'detached' && <span className="comment-card__flag">Text deleted: </span>}“{excerpt(thread.quote, 160)}”
        </blockquote>
      )}
      <ol className="comment-card__comments">
        {thread.comments.map((comment) => (
          <CommentItem
            key={comment.id}
            letterId={letterId}
            thread={thread}
            comment={comment}
            isFirst={comment.id === first?.id}
            me={me}
            people={people}
            candidates={candidates}
            now={now}
            onChange={onChange}
          />
        ))}
      </ol>
      {thread.resolved && (
        <p className="comment-card__resolved">
          Resolved{thread.resolvedBy ? ` by ${thread.resolvedBy.name}` : ''}
          {thread.resolvedAt && (
            <>
              {' · '}
              <TimeAgo iso={thread.resolvedAt} now={now} />
            </>
          )}
        </p>
      )}
      {(canReply || canResolve) && (
        // Above the reply box, so its opening never moves them, and Reply comes before its submit button.
        <div className="comment-card__actions">
          {canReply && (
            <button type="button" className="button button--small" onClick={openReply}>
              Reply
            </button>
          )}
          {canResolve && (
            <button type="button" className="button button--small" disabled={busy} onClick={() => void handleResolve(!thread.resolved)}>
              {thread.resolved ? 'Reopen' : 'Resolve'}
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {active && canReply && (
        <CommentBox
          label="Reply"
          submitLabel="Reply"
          placeholder="Reply…"
          initialText={replyDraft}
          candidates={candidates}
          onSubmit={handleReply}
          onTextChange={(text) => onReplyDraft(thread.id, text)}
          textareaRef={(element) => {
            replyRef.current = element;
          }}
        />
      )}
    </article>
  );
});

interface CommentItemProps {
  letterId: string;
  thread: CommentThread;
  comment: Comment;
  isFirst: boolean;
  me: CommentPermissions;
  people: ReadonlyMap<string, MentionCandidate>;
  candidates: readonly MentionCandidate[];
  now: number;
  onChange(threadId: string, thread: CommentThread | null): void;
}

/** One comment: author, profession, time, text; its author may edit or delete it. */
function CommentItem({ letterId, thread, comment, isFirst, me, people, candidates, now, onChange }: CommentItemProps) {
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const cancelDelete = useRef<HTMLButtonElement>(null);
  const mine = mayChangeComment(me, comment.author.userId);
  const tag = professionTag(comment.author.profession);
  const mentioned = mentionedPeople(comment, people);

  useEffect(() => {
    if (mode === 'confirm-delete') cancelDelete.current?.focus();
  }, [mode]);

  async function handleSave(draft: CommentDraft) {
    const updated = await updateComment(letterId, thread.id, comment.id, draft);
    onChange(thread.id, { ...thread, comments: thread.comments.map((candidate) => (candidate.id === updated.id ? updated : candidate)) });
    setMode('view');
    // The Edit button is back after this render.
    requestAnimationFrame(() => editButton.current?.focus());
  }

  async function handleDelete() {
    setBusy(true);
    setError(null);
    try {
      await deleteComment(letterId, thread.id, comment.id);
    } catch (cause) {
      setError(errorMessage(cause));
      setBusy(false);
      setMode('view');
      return;
    }
    onChange(thread.id, isFirst ? null : { ...thread, comments: thread.comments.filter((candidate) => candidate.id !== comment.id) });
  }

  return (
    <li className="comment" data-comment-id={comment.id}>
      <div className="comment__head">
        <Avatar name={comment.author.name} color={colorForUserId(comment.author.userId)} small />
        <span className="comment__author">{comment.author.name}</span>
        {tag && <span className="tag">{tag}</span>}
        <TimeAgo iso={comment.createdAt} now={now} className="comment__time" />
        {comment.editedAt && (
          <span className="comment__edited" title={`Edited ${new Date(comment.editedAt).toLocaleString()}`}>
            (edited)
          </span>
        )}
      </div>
      {mode === 'edit' ? (
        <CommentBox
          label="Edit comment"
          submitLabel="Save"
          initialText={comment.body}
          initialMentions={mentioned}
          candidates={candidates}
          autoFocus
          onSubmit={handleSave}
          onCancel={() => {
            setMode('view');
            requestAnimationFrame(() => editButton.current?.focus());
          }}
        />
      ) : (
        <CommentText text={comment.body} people={mentioned} />
      )}
      {mode === 'confirm-delete' && (
        <div className="comment__confirm" role="group" aria-label="Confirm delete">
          <p>{isFirst && thread.comments.length > 1 ? 'Delete this comment and its whole thread?' : isFirst ? 'Delete this comment and its thread?' : 'Delete this reply?'}</p>
          <button type="button" className="button button--small button--danger" disabled={busy} onClick={() => void handleDelete()}>
            Delete
          </button>
          <button type="button" className="button button--small" ref={cancelDelete} disabled={busy} onClick={() => setMode('view')}>
            Cancel
          </button>
        </div>
      )}
      {mine && mode === 'view' && (
        <div className="comment__tools">
          <button type="button" className="link-button" ref={editButton} onClick={() => setMode('edit')}>
            Edit
          </button>
          <button type="button" className="link-button link-button--danger" onClick={() => setMode('confirm-delete')}>
            Delete
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
