/**
 * A comment text box: plain text, `@` suggests members (arrow keys, then Enter or Tab to pick),
 * Ctrl/Cmd+Enter submits, Escape cancels. The mentions sent are the picked people still named in
 * the text.
 */
import { useEffect, useId, useMemo, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { CommentLimits } from '../../../shared/comments';
import type { Profession } from '../../../shared/auth';
import type { CommentDraft } from '../api/comments';
import { errorMessage } from '../components/errorMessage';
import { professionTag } from '../session/professions';
import { SEND_MODIFIER } from './shortcuts';
import { findMentionQuery, insertMention, matchMentionables, mentionsInText, type Mentionable, type MentionQuery } from './mentions';

/** A member who can be mentioned. */
export interface MentionCandidate extends Mentionable {
  profession: Profession;
}

/** Props of CommentBox. */
export interface CommentBoxProps {
  /** The textarea's accessible name: "Comment", "Reply" or "Edit comment". */
  label: string;
  /** The submit button's name: "Comment", "Reply" or "Save". */
  submitLabel: string;
  placeholder?: string;
  initialText?: string;
  /** People already mentioned (when editing). */
  initialMentions?: readonly Mentionable[];
  /** Who `@` suggests. */
  candidates: readonly MentionCandidate[];
  autoFocus?: boolean;
  /** Sends the comment; a rejection is shown and the text kept. */
  onSubmit(draft: CommentDraft): Promise<void>;
  /** Cancel button and Escape; without it there is no Cancel button and Escape is left to the parent. */
  onCancel?(): void;
  /** Reports the text as it changes (to keep an unsent reply). */
  onTextChange?(text: string): void;
  /** Receives the textarea, so the parent can focus it. */
  textareaRef?(element: HTMLTextAreaElement | null): void;
}

/** The box. */
export function CommentBox({
  label,
  submitLabel,
  placeholder,
  initialText = '',
  initialMentions = [],
  candidates,
  autoFocus = false,
  onSubmit,
  onCancel,
  onTextChange,
  textareaRef,
}: CommentBoxProps) {
  const [text, setText] = useState(initialText);
  const [picked, setPicked] = useState<readonly Mentionable[]>(initialMentions);
  const [query, setQuery] = useState<MentionQuery | null>(null);
  // The `@` whose suggestions were picked from or dismissed: not offered again until a new `@`.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [highlighted, setHighlighted] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement | null>(null);
  const pendingCaret = useRef<number | null>(null);
  const listId = useId();
  const hintId = useId();

  const suggestions = useMemo(
    () => (query && query.start !== dismissedAt ? matchMentionables(candidates, query.query) : []),
    [candidates, query, dismissedAt],
  );
  const open = suggestions.length > 0;
  const trimmed = text.trim();
  const over = trimmed.length - CommentLimits.maxBodyLength;

  useEffect(() => {
    // Without scrolling: the box may not be in its place yet; whoever opened it scrolls to it.
    if (autoFocus) textarea.current?.focus({ preventScroll: true });
  }, [autoFocus]);

  useEffect(() => {
    // After inserting a mention, put the caret after it (React has written the new value by now).
    if (pendingCaret.current !== null && textarea.current) {
      textarea.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
  }, [text]);

  function updateQuery(element: HTMLTextAreaElement) {
    const found = element.selectionStart === element.selectionEnd ? findMentionQuery(element.value, element.selectionStart) : null;
    setQuery(found);
    if (found?.start !== query?.start) setHighlighted(0);
    if (found === null) setDismissedAt(null);
  }

  function handleChange(event: ChangeEvent<HTMLTextAreaElement>) {
    setText(event.target.value);
    setError(null);
    onTextChange?.(event.target.value);
    updateQuery(event.target);
  }

  function pick(person: Mentionable) {
    if (!query || !textarea.current) return;
    const result = insertMention(text, textarea.current.selectionStart, query, person.name);
    setText(result.text);
    onTextChange?.(result.text);
    setPicked((already) => (already.some((candidate) => candidate.userId === person.userId) ? already : [...already, person]));
    setDismissedAt(query.start);
    pendingCaret.current = result.caret;
  }

  async function submit() {
    if (busy || trimmed === '' || over > 0) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ body: trimmed, mentions: mentionsInText(trimmed, picked) });
    } catch (cause) {
      setError(errorMessage(cause));
      setBusy(false);
      return;
    }
    // The parent usually unmounts the box on success; when it stays (a reply), it starts empty.
    setBusy(false);
    setText('');
    setPicked([]);
    onTextChange?.('');
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setHighlighted((index) => (index + step + suggestions.length) % suggestions.length);
        return;
      }
      if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || event.key === 'Tab') {
        const person = suggestions[Math.min(highlighted, suggestions.length - 1)];
        if (person) {
          event.preventDefault();
          pick(person);
          return;
        }
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setDismissedAt(query?.start ?? null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
      return;
    }
    if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  }

  const activeOption = open ? `${listId}-${Math.min(highlighted, suggestions.length - 1)}` : undefined;

  return (
    <div className="comment-box">
      <textarea
        ref={(element) => {
          textarea.current = element;
          textareaRef?.(element);
        }}
        className="comment-box__input"
        aria-label={label}
        aria-describedby={hintId}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={activeOption}
        aria-invalid={over > 0 || undefined}
        placeholder={placeholder}
        value={text}
        rows={2}
        readOnly={busy}
        onChange={handleChange}
        onKeyDown={handleKeyDown}
        onSelect={(event) => updateQuery(event.currentTarget)}
        onBlur={() => setQuery(null)}
      />
      {open && (
        <ul className="mention-list" id={listId} role="listbox" aria-label="Mention someone">
          {suggestions.map((person, index) => {
            const tag = professionTag(person.profession);
            return (
              <li
                key={person.userId}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === highlighted}
                className={index === highlighted ? 'mention-list__option mention-list__option--active' : 'mention-list__option'}
                // Keep focus (and the caret) in the textarea.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(person)}
              >
                {person.name}
                {tag && <span className="mention-list__tag">{tag}</span>}
              </li>
            );
          })}
        </ul>
      )}
      <span className="visually-hidden" role="status">
        {open ? `${suggestions.length} ${suggestions.length === 1 ? 'person matches' : 'people match'}: arrow keys to choose, Enter to mention.` : ''}
      </span>
      <p className="comment-box__hint" id={hintId}>
        {over > 0 ? (
          <span className="over">{over} characters too long.</span>
        ) : (
          <>Type @ to mention someone. {SEND_MODIFIER}+Enter to send.</>
        )}
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="comment-box__actions">
        <button type="button" className="button button--primary button--small" onClick={() => void submit()} disabled={busy || trimmed === '' || over > 0}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button--small" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
