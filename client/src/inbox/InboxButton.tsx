/**
 * The inbox in the site header: a button with the unread count that opens a list of what needs me
 * (mentions, replies, review requests and outcomes). Each item links to its letter at the thread
 * or review and is marked read on the way.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'wouter';
import type { InboxItem } from '../../../shared/inbox';
import { TimeAgo, useNow } from '../comments/TimeAgo';
import { excerpt } from '../comments/threads';
import { errorMessage } from '../components/errorMessage';
import { badgeText, inboxButtonLabel, inboxItemHref, inboxItemSentence } from './inboxItems';
import { useInbox } from './useInbox';

/** The header's inbox button and its popover. */
export function InboxButton() {
  const { state, refresh, markRead, markAllRead } = useInbox();
  const [open, setOpen] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const headingId = useId();
  const now = useNow();
  const unread = state.status === 'ready' ? state.inbox.unread : null;

  useEffect(() => {
    if (!open) return;
    const handlePointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', handlePointerDown);
    return () => document.removeEventListener('pointerdown', handlePointerDown);
  }, [open]);

  function handleToggle() {
    setActionError(null);
    if (!open) refresh();
    setOpen((was) => !was);
  }

  function handleKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
    }
  }

  async function handleMarkAll() {
    setActionError(null);
    try {
      await markAllRead();
    } catch (error) {
      setActionError(`Could not mark everything read. ${errorMessage(error)}`);
    }
  }

  function handleOpenItem(item: InboxItem) {
    setOpen(false);
    void markRead(item);
  }

  return (
    <div className="inbox" ref={rootRef} onKeyDown={handleKeyDown}>
      <button
        ref={buttonRef}
        type="button"
        className="inbox__button"
        aria-label={inboxButtonLabel(unread)}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={handleToggle}
      >
        <svg className="inbox__icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
          <path d="M3 11.5 5 4h10l2 7.5V16H3v-4.5Zm1.6-.5h3.2l.7 1.5h3l.7-1.5h3.2L14 5.5H6L4.6 11Z" />
        </svg>
        <span className="inbox__text">Inbox</span>
        <span className="inbox__count" data-testid="inbox-count" hidden={!unread} aria-hidden="true">
          {badgeText(unread ?? 0)}
        </span>
      </button>
      {open && (
        <section id={panelId} className="inbox__panel" aria-labelledby={headingId}>
          <div className="inbox__head">
            <h2 id={headingId}>Inbox</h2>
            <button type="button" className="link-button" onClick={handleMarkAll} disabled={!unread}>
              Mark all read
            </button>
          </div>
          {actionError && (
            <p className="field-error" role="alert">
              {actionError}
            </p>
          )}
          {state.status === 'loading' && <p className="muted inbox__note">Loading…</p>}
          {state.status === 'error' && (
            <div className="inbox__note" role="alert">
              <p>Could not load your inbox. {errorMessage(state.error)}</p>
              <button type="button" className="button button--small" onClick={refresh}>
                Try again
              </button>
            </div>
          )}
          {state.status === 'ready' && state.inbox.items.length === 0 && (
            <p className="muted inbox__note">Nothing yet. Mentions, replies to your comments and review requests appear here.</p>
          )}
          {state.status === 'ready' && state.inbox.items.length > 0 && (
            <ul className="inbox__list">
              {state.inbox.items.map((item) => (
                <li key={item.id} className={item.readAt === null ? 'inbox-item inbox-item--unread' : 'inbox-item'} data-testid="inbox-item">
                  <Link href={inboxItemHref(item)} className="inbox-item__link" onClick={() => handleOpenItem(item)}>
                    <span className="inbox-item__what">
                      {item.readAt === null && <span className="visually-hidden">Unread: </span>}
                      {inboxItemSentence(item)}
                    </span>
                    <span className="inbox-item__letter">{item.letterTitle}</span>
                    {item.excerpt !== '' && <span className="inbox-item__excerpt">{excerpt(item.excerpt, 140)}</span>}
                    <TimeAgo iso={item.createdAt} now={now} className="inbox-item__time" />
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
