/**
 * The comment margin beside the letter: each thread's card placed next to its words (or, when
 * there is no room beside the text, a simple list), the compose card for a new comment, a filter
 * (open, resolved, all), and a "Detached" group for threads whose words were deleted. Threads
 * come from the API and refresh on the letter's 'comments' event; the highlights in the text are
 * the CommentHighlights plugin's, kept in step from here.
 */
import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CommentAnchor, CommentThread, ThreadFilter } from '../../../shared/comments';
import type { Letter } from '../../../shared/letters';
import { createThread, listThreads, type CommentDraft } from '../api/comments';
import { listMembers } from '../api/members';
import { errorMessage } from '../components/errorMessage';
import { useSignedIn } from '../session/SessionContext';
import type { LetterConnection } from '../sync/letterConnection';
import { useLiveResource } from '../sync/useLiveResource';
import type { DecodedAnchor } from './anchors';
import type { MentionCandidate } from './CommentBox';
import { anchorForSelection, isCommentShortcut } from './CommentHighlights';
import { ComposeCard } from './ComposeCard';
import { MarginHead } from './MarginHead';
import { COMMENT_SHORTCUT } from './shortcuts';
import { ThreadCard } from './ThreadCard';
import { groupThreads, matchesFilter, mayComment, narrowestThreadAt, threadState, type CommentPermissions } from './threads';
import { useNow } from './TimeAgo';
import { useCommentEditorEvents, useCommentHighlightState } from './useCommentPlugin';
import { useHighlightSync } from './useHighlightSync';
import { useMarginLayout, useMarginMode, type MarginItem } from './useMarginLayout';
import { useThreadLink } from './useThreadLink';

/** The compose card's id in the layout. */
const DRAFT_ID = 'draft';

/** How long a notice ("Comment added.") stays. */
const NOTICE_MS = 6000;

/** A new comment being written. */
interface ComposeState {
  anchor: CommentAnchor;
  decoded: DecodedAnchor;
  quote: string;
  from: number;
}

/** Props of CommentMargin. */
export interface CommentMarginProps {
  letter: Letter;
  editor: Editor;
  connection: LetterConnection | null;
}

/** The margin of one open letter. */
export function CommentMargin({ letter, editor, connection }: CommentMarginProps) {
  const { user } = useSignedIn();
  const me = useMemo<CommentPermissions>(() => ({ userId: user.id, role: letter.role, frozen: letter.frozen }), [user.id, letter.role, letter.frozen]);
  const canComment = mayComment(me);
  const threads = useLiveResource(`threads:${letter.id}`, (signal) => listThreads(letter.id, signal), connection, 'comments');
  const members = useLiveResource(`comment-members:${letter.id}`, (signal) => listMembers(letter.id, signal), connection, 'members');
  const [filter, setFilter] = useState<ThreadFilter>('open');
  const [activeId, setActiveId] = useState<string | null>(null);
  const [hoverCardId, setHoverCardId] = useState<string | null>(null);
  const [compose, setCompose] = useState<ComposeState | null>(null);
  const [notice, setNotice] = useState('');
  const rootRef = useRef<HTMLElement>(null);
  const trackRef = useRef<HTMLDivElement>(null);
  const composeText = useRef('');
  const replyDrafts = useRef(new Map<string, string>());
  // A card (or its text box: reply, or the compose box) to focus once it is on screen.
  const pendingFocus = useRef<{ id: string; target: 'card' | 'reply'; block: ScrollLogicalPosition } | null>(null);
  // A card to scroll into view once the layout has placed it.
  const pendingScroll = useRef<{ id: string; block: ScrollLogicalPosition } | null>(null);
  const mode = useMarginMode(rootRef);
  const plugin = useCommentHighlightState(editor);
  const now = useNow();
  const headingId = useId();
  const detachedId = useId();

  const list = threads.state.status === 'ready' ? threads.state.value : null;
  const latestList = useRef(list);
  latestList.current = list;

  // ---- People, for naming mentions and suggesting them --------------------------------------
  const memberList = members.state.status === 'ready' ? members.state.value.members : null;
  const people = useMemo(
    () => new Map<string, MentionCandidate>((memberList ?? []).map((member) => [member.userId, { userId: member.userId, name: member.name, profession: member.profession }])),
    [memberList],
  );
  const candidates = useMemo(() => [...people.values()].filter((person) => person.userId !== user.id), [people, user.id]);

  // ---- Keeping the highlight plugin in step ---------------------------------------------------
  const emphasised = hoverCardId ?? activeId;
  useHighlightSync(editor, list, filter, emphasised, compose?.decoded ?? null);

  // Threads the plugin has not resolved yet (just arrived) wait one render; the rest stay mounted.
  const ready = plugin?.ready ?? false;
  const ranges = plugin?.ranges;
  const groups = useMemo(() => (list && ranges ? groupThreads(list.filter((thread) => ranges.has(thread.id)), ranges, filter) : null), [list, ranges, filter]);

  // ---- Placing the cards ----------------------------------------------------------------------
  const items = useMemo<MarginItem[]>(() => {
    const placed = (groups?.anchored ?? []).map(({ thread, range }) => ({ id: thread.id, from: range.from }));
    if (compose) placed.push({ id: DRAFT_ID, from: plugin?.draft?.range?.from ?? compose.from });
    return placed;
  }, [groups, compose, plugin?.draft]);
  const { layout, registerCard, cardElement } = useMarginLayout(editor, trackRef, items, compose ? DRAFT_ID : activeId, mode === 'beside');

  // Focus asked for by a shortcut or a link, once the card is on screen.
  useLayoutEffect(() => {
    const wanted = pendingFocus.current;
    const card = wanted ? cardElement(wanted.id) : undefined;
    if (!wanted || !card) return;
    // No text box (a resolved thread, or I may not reply): the card itself.
    const reply = wanted.target === 'reply' ? card.querySelector('textarea') : null;
    pendingFocus.current = null;
    (reply ?? card).focus({ preventScroll: true });
    pendingScroll.current = { id: wanted.id, block: wanted.block };
  });

  // Scrolled to once placed beside its words: a card not placed yet sits at the top of the margin,
  // and scrolling to it there would take the page (and the passage) away.
  useLayoutEffect(() => {
    const wanted = pendingScroll.current;
    const card = wanted ? cardElement(wanted.id) : undefined;
    if (!wanted || !card || (mode === 'beside' && !layout.tops.has(wanted.id))) return;
    pendingScroll.current = null;
    card.scrollIntoView({ block: wanted.block });
  });

  const focusCard = useCallback((id: string, target: 'card' | 'reply', block: ScrollLogicalPosition) => {
    pendingFocus.current = { id, target, block };
    setActiveId(id);
  }, []);

  // ---- Changes ---------------------------------------------------------------------------------
  const { replace } = threads;
  const handleThreadChange = useCallback(
    (threadId: string, thread: CommentThread | null) => {
      const current = latestList.current ?? [];
      const exists = current.some((candidate) => candidate.id === threadId);
      const next = thread === null ? current.filter((candidate) => candidate.id !== threadId) : exists ? current.map((candidate) => (candidate.id === threadId ? thread : candidate)) : [...current, thread];
      replace(next);
      if (thread === null) setActiveId((active) => (active === threadId ? null : active));
    },
    [replace],
  );

  const handleReplyDraft = useCallback((threadId: string, text: string) => {
    if (text === '') replyDrafts.current.delete(threadId);
    else replyDrafts.current.set(threadId, text);
  }, []);

  const handleHover = useCallback((threadId: string | null) => setHoverCardId(threadId), []);
  const handleActivate = useCallback((threadId: string) => setActiveId(threadId), []);

  function startCompose() {
    if (!canComment) {
      setNotice(letter.frozen ? 'This letter was sent: its comments are read-only.' : 'You can read the comments on this letter, but not add them.');
      return;
    }
    const selection = anchorForSelection(editor);
    if (!selection.ok) {
      const inside = selection.reason === 'empty' ? narrowestThreadAt(groups?.anchored ?? [], editor.state.selection.from) : null;
      if (inside) {
        focusCard(inside, 'reply', 'nearest');
        return;
      }
      setNotice(
        selection.reason === 'empty'
          ? `Select the words you want to comment on, then press ${COMMENT_SHORTCUT} or choose Comment.`
          : selection.reason === 'no-text'
            ? 'The selection holds no text to comment on.'
            : 'The letter is still loading. Try again in a moment.',
      );
      return;
    }
    if (filter === 'resolved') setFilter('open');
    setNotice('');
    setActiveId(null);
    setCompose({ anchor: selection.anchor, decoded: selection.decoded, quote: selection.quote, from: selection.range.from });
    // Into the compose box, also when it was already open for another selection.
    pendingFocus.current = { id: DRAFT_ID, target: 'reply', block: 'nearest' };
  }

  function returnToText() {
    if (editor.isDestroyed) return;
    // ProseMirror's focus() does nothing in a read-only view; its element is focusable all the same.
    if (editor.isEditable) editor.view.focus();
    else editor.view.dom.focus({ preventScroll: true });
  }

  function cancelCompose() {
    setCompose(null);
    composeText.current = '';
    returnToText();
  }

  async function submitCompose(draft: CommentDraft) {
    if (!compose) return;
    const thread = await createThread(letter.id, { anchor: compose.anchor, quote: compose.quote, ...draft });
    handleThreadChange(thread.id, thread);
    setCompose(null);
    composeText.current = '';
    setActiveId(thread.id);
    setNotice('Comment added.');
    returnToText();
  }

  useCommentEditorEvents(editor, (event) => {
    if (event.type === 'compose') {
      startCompose();
    } else if (event.id === null) {
      setActiveId(null);
    } else {
      setActiveId(event.id);
      requestAnimationFrame(() => cardElement(event.id ?? '')?.scrollIntoView({ block: 'nearest' }));
    }
  });

  // Mod-Alt-M anywhere on the page but in a text field: the editor handles it when it has focus,
  // but words can be selected in a read-only letter without focusing it.
  const latestStartCompose = useRef(startCompose);
  latestStartCompose.current = startCompose;
  useEffect(() => {
    const handleKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || !isCommentShortcut(event)) return;
      if (event.target instanceof Element && event.target.closest('input, textarea, select, [contenteditable="true"]')) return;
      event.preventDefault();
      latestStartCompose.current();
    };
    window.addEventListener('keydown', handleKeyDown);
    return () => window.removeEventListener('keydown', handleKeyDown);
  }, []);

  // The workspace stops offering to comment when I no longer may (role changed, letter sent).
  useEffect(() => {
    if (!canComment) setCompose(null);
  }, [canComment]);

  // Notices are for the moment; they leave on their own.
  useEffect(() => {
    if (notice === '') return;
    const timer = window.setTimeout(() => setNotice(''), NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [notice]);

  // ---- `?thread=ID` (from the inbox): show and focus that thread ------------------------------
  useThreadLink(list, ready ? ranges : undefined, (thread) => {
    if (thread === null) {
      setNotice('That comment thread is no longer on this letter.');
      return;
    }
    if (!matchesFilter(thread, filter)) setFilter('all');
    focusCard(thread.id, 'card', 'center');
  });

  function handleKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    setActiveId(null);
    returnToText();
  }

  // ---- Rendering ---------------------------------------------------------------------------------
  const beside = mode === 'beside';
  const counts = useMemo(() => {
    const all = list ?? [];
    const resolved = all.filter((thread) => thread.resolved).length;
    return { open: all.length - resolved, resolved, all: all.length };
  }, [list]);

  const renderCard = (thread: CommentThread, detached: boolean) => {
    const range = detached ? null : (ranges?.get(thread.id) ?? null);
    const top = layout.tops.get(thread.id);
    return (
      <ThreadCard
        key={thread.id}
        letterId={letter.id}
        thread={thread}
        state={threadState(thread, range)}
        me={me}
        people={people}
        candidates={candidates}
        now={now}
        active={activeId === thread.id}
        highlighted={emphasised === thread.id || plugin?.hoverId === thread.id}
        showQuote={!beside}
        top={beside && !detached ? (top ?? null) : undefined}
        cardRef={registerCard(thread.id)}
        replyDraft={replyDrafts.current.get(thread.id) ?? ''}
        onReplyDraft={handleReplyDraft}
        onActivate={handleActivate}
        onHover={handleHover}
        onChange={handleThreadChange}
      />
    );
  };

  const composeCard = compose && (
    <ComposeCard
      quote={compose.quote}
      candidates={candidates}
      initialText={composeText.current}
      top={beside ? (layout.tops.get(DRAFT_ID) ?? 0) : undefined}
      cardRef={registerCard(DRAFT_ID)}
      onSubmit={submitCompose}
      onCancel={cancelCompose}
      onTextChange={(text) => {
        composeText.current = text;
      }}
    />
  );

  let body;
  if (threads.state.status === 'loading' || (list && !ready && list.length > 0)) {
    body = <p className="muted comment-margin__note">Loading comments…</p>;
  } else if (threads.state.status === 'error') {
    body = (
      <div className="comment-margin__note" role="alert">
        <p>Could not load the comments. {errorMessage(threads.state.error)}</p>
        <button type="button" className="button button--small" onClick={threads.retry}>
          Try again
        </button>
      </div>
    );
  } else {
    const anchoredThreads = groups?.anchored ?? [];
    const detached = groups?.detached ?? [];
    const empty = counts.all === 0 && !compose;
    body = (
      <>
        {threads.state.status === 'ready' && threads.state.staleBecause !== null && (
          <p className="comment-margin__stale">
            These comments may be out of date.{' '}
            <button type="button" className="link-button" onClick={threads.refresh}>
              Refresh
            </button>
          </p>
        )}
        {empty && (
          <p className="muted comment-margin__note" data-testid="comment-empty">
            {canComment ? `No comments yet — select text and press ${COMMENT_SHORTCUT}` : 'No comments yet.'}
          </p>
        )}
        {!empty && anchoredThreads.length === 0 && detached.length === 0 && !compose && (
          <p className="muted comment-margin__note">{filter === 'resolved' ? 'No resolved comments.' : 'No open comments.'}</p>
        )}
        {!beside && composeCard}
        {beside ? (
          <div className="comment-margin__track" ref={trackRef} style={{ height: layout.height }}>
            {composeCard}
            {anchoredThreads.map(({ thread }) => renderCard(thread, false))}
          </div>
        ) : (
          <div className="comment-margin__list">{anchoredThreads.map(({ thread }) => renderCard(thread, false))}</div>
        )}
        {detached.length > 0 && (
          <section className="comment-margin__detached" aria-labelledby={detachedId}>
            <h3 id={detachedId}>Detached</h3>
            <p className="muted">The words these comments were about were deleted.</p>
            {detached.map((thread) => renderCard(thread, true))}
          </section>
        )}
      </>
    );
  }

  return (
    <section
      ref={rootRef}
      className={`comment-margin comment-margin--${mode}`}
      data-testid="comment-margin"
      aria-labelledby={headingId}
      onKeyDown={handleKeyDown}
    >
      <MarginHead headingId={headingId} filter={filter} counts={counts} onFilter={setFilter} />
      <p className="comment-margin__notice" role="status">
        {notice}
      </p>
      {body}
    </section>
  );
}
