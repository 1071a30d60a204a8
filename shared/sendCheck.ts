/**
 * The check before a letter is marked sent: what is still outstanding (unticked checklist items,
 * open comment threads, pending review requests, empty sections). It never blocks sending; the
 * sender confirms the list they were shown, and the send record keeps it.
 */
import { z } from 'zod';

/** What is outstanding on a letter, in the order the dialog lists it. */
export interface SendCheckItems {
  /** The text of each checklist item not ticked, in checklist order. */
  uncheckedItems: string[];
  /** Each unresolved comment thread, oldest first, with the first words of its first comment. */
  openThreads: { id: string; excerpt: string }[];
  /** The name of each reviewer whose review request is still pending. */
  pendingReviews: string[];
  /** The heading of each template section that has nothing under it. */
  emptySections: string[];
}

/** `GET /api/letters/:id/send-check`: the list, and the fingerprint a mark-sent request sends back. */
export interface SendCheck extends SendCheckItems {
  /** Identifies this exact list; the server refuses a mark-sent that acknowledges another one. */
  fingerprint: string;
}

/** The list as the send record keeps it, and whether the sender confirmed it. */
export interface SendRecordCheck extends SendCheckItems {
  /**
   * True when the mark-sent request acknowledged this list (the app's dialog always does); false
   * when it came without an acknowledgement (a script), so nobody was shown it.
   */
  acknowledged: boolean;
}

/** A fingerprint: SHA-256 in lowercase hex. */
export const SendFingerprintSchema = z.string().regex(/^[0-9a-f]{64}$/, { message: 'acknowledged must be the fingerprint from the send check' });

const ItemsShape = {
  uncheckedItems: z.array(z.string()),
  openThreads: z.array(z.object({ id: z.string(), excerpt: z.string() })),
  pendingReviews: z.array(z.string()),
  emptySections: z.array(z.string()),
};

/** `GET /api/letters/:id/send-check`'s `sendCheck` (and a 409 `send_check_changed` body's). */
export const SendCheckSchema: z.ZodType<SendCheck> = z.object({ ...ItemsShape, fingerprint: SendFingerprintSchema });

/** A send record's list, as stored and as `GET /api/letters/:id/sends` returns it. */
export const SendRecordCheckSchema: z.ZodType<SendRecordCheck> = z.object({ ...ItemsShape, acknowledged: z.boolean() });

/** How many things the list names. */
export function outstandingCount(items: SendCheckItems): number {
  return items.uncheckedItems.length + items.openThreads.length + items.pendingReviews.length + items.emptySections.length;
}

/** "1 checklist item" / "3 checklist items". */
export function countOf(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** One short line for a send record: "3 checklist items not ticked, 1 open comment thread". */
export function outstandingSummary(items: SendCheckItems): string {
  const parts = [
    items.uncheckedItems.length > 0 ? `${countOf(items.uncheckedItems.length, 'checklist item', 'checklist items')} not ticked` : '',
    items.openThreads.length > 0 ? countOf(items.openThreads.length, 'open comment thread', 'open comment threads') : '',
    items.pendingReviews.length > 0 ? countOf(items.pendingReviews.length, 'pending review request', 'pending review requests') : '',
    items.emptySections.length > 0 ? countOf(items.emptySections.length, 'empty section', 'empty sections') : '',
  ];
  return parts.filter((part) => part !== '').join(', ');
}
