/**
 * What is outstanding on a letter, grouped in plain words ("3 checklist items not ticked: …"):
 * shown before marking it sent, and (briefly) with each send record.
 */
import type { LetterSend } from '../../../shared/letters';
import type { SendCheckItems } from '../../../shared/sendCheck';
import { countOf, outstandingCount, outstandingSummary } from '../../../shared/sendCheck';

/** One group of the list: its heading words and its entries. */
interface Group {
  key: string;
  heading: string;
  entries: string[];
}

/** The non-empty groups of `items`, in the order the dialog shows them. */
export function outstandingGroups(items: SendCheckItems): Group[] {
  const groups: Group[] = [
    { key: 'checklist', heading: `${countOf(items.uncheckedItems.length, 'checklist item', 'checklist items')} not ticked`, entries: items.uncheckedItems },
    {
      key: 'threads',
      heading: `${countOf(items.openThreads.length, 'comment thread', 'comment threads')} still open`,
      entries: items.openThreads.map((thread) => (thread.excerpt ? `“${thread.excerpt}”` : 'A comment without text')),
    },
    {
      key: 'reviews',
      heading: `${countOf(items.pendingReviews.length, 'review request', 'review requests')} not answered`,
      entries: items.pendingReviews.map((name) => `Waiting for ${name}`),
    },
    { key: 'sections', heading: `${countOf(items.emptySections.length, 'section', 'sections')} empty`, entries: items.emptySections },
  ];
  return groups.filter((group) => group.entries.length > 0);
}

/** The grouped list, or nothing when nothing is outstanding. */
export function SendCheckList({ items, testId }: { items: SendCheckItems; testId?: string }) {
  if (outstandingCount(items) === 0) return null;
  return (
    <ul className="send-check" data-testid={testId}>
      {outstandingGroups(items).map((group) => (
        <li key={group.key} className="send-check__group" data-testid={`send-check-${group.key}`}>
          <span className="send-check__heading">{group.heading}:</span>
          <ul className="send-check__entries">
            {group.entries.map((entry, index) => (
              <li key={index}>{entry}</li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** What a send record says was outstanding, in a sentence, with the list behind a disclosure. */
export function SendRecordNote({ send }: { send: LetterSend }) {
  const record = send.outstanding;
  // Sends recorded before the check existed have nothing to show.
  if (!record) return null;
  const confirmed = record.acknowledged ? `${send.sentBy.name} saw this list and confirmed.` : 'Marked sent without this list being shown.';
  if (outstandingCount(record) === 0) {
    return (
      <p className="send-record" data-testid="send-record">
        Nothing was outstanding when it was sent.
      </p>
    );
  }
  return (
    <details className="send-record" data-testid="send-record">
      <summary>
        Sent with {outstandingSummary(record)}. {confirmed}
      </summary>
      <SendCheckList items={record} />
    </details>
  );
}
