/** The inbox: my notifications across letters, and marking them read. */
import { z } from 'zod';
import { INBOX_KINDS, type InboxItem } from '../../../shared/inbox';
import { pick, request } from './http';

/** An inbox item as the API returns it. */
export const InboxItemSchema: z.ZodType<InboxItem> = z.object({
  id: z.string(),
  kind: z.enum(INBOX_KINDS),
  letterId: z.string(),
  letterTitle: z.string(),
  threadId: z.string().nullable(),
  reviewId: z.string().nullable(),
  actor: z.object({ userId: z.string(), name: z.string() }).nullable(),
  excerpt: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

/** My inbox: the items, newest first as the server orders them, and how many are unread. */
export interface Inbox {
  items: InboxItem[];
  unread: number;
}

/** `GET /api/inbox`. */
export async function getInbox(signal?: AbortSignal): Promise<Inbox> {
  const body = await request('/api/inbox', { signal });
  return { items: pick(body, 'items', z.array(InboxItemSchema)), unread: pick(body, 'unread', z.number().int().nonnegative()) };
}

/** `POST /api/inbox/:itemId/read`. */
export async function markInboxItemRead(itemId: string): Promise<void> {
  await request(`/api/inbox/${encodeURIComponent(itemId)}/read`, { method: 'POST' });
}

/** `POST /api/inbox/read-all`. */
export async function markAllInboxRead(): Promise<void> {
  await request('/api/inbox/read-all', { method: 'POST' });
}
