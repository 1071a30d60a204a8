import { describe, expect, it } from 'vitest';
import { LETTER_STATUSES, STATUS_TRANSITIONS } from '../../../shared/letters';
import { REVIEW_STATUSES } from '../../../shared/reviews';
import { statusActions } from '../../../client/src/status/statusActions';
import { latestSend } from '../../../client/src/status/SentBanner';
import { recipientLine } from '../../../client/src/status/recipient';

describe('statusActions', () => {
  it('offers exactly the transitions the server allows a plain status change, from every status', () => {
    for (const status of LETTER_STATUSES) {
      const plain = STATUS_TRANSITIONS[status].filter((to) => !REVIEW_STATUSES.includes(to));
      expect(statusActions(status).map((action) => action.to).sort()).toEqual([...plain].sort());
    }
  });

  it('words each step as an action, forward steps first', () => {
    // Into review only by asking a named reviewer; only that reviewer approves or asks for changes.
    expect(statusActions('draft').map((action) => action.label)).toEqual([]);
    expect(statusActions('in_review').map((action) => action.label)).toEqual(['Back to draft']);
    expect(statusActions('changes_requested').map((action) => action.label)).toEqual(['Back to draft']);
    expect(statusActions('approved').map((action) => action.label)).toEqual(['Mark as sent…', 'Back to draft']);
    expect(statusActions('sent').map((action) => action.label)).toEqual(['Reopen']);
  });
});

describe('latestSend', () => {
  it('picks the newest send whatever the order', () => {
    const send = (id: string, sentAt: string) => ({ id, sentAt, sentBy: { userId: 'u', name: 'N' }, recipient: '', outstanding: null });
    expect(latestSend([send('a', '2025-01-01T10:00:00.000Z'), send('b', '2025-02-01T10:00:00.000Z')])?.id).toBe('b');
    expect(latestSend([])).toBeUndefined();
  });
});

describe('recipientLine', () => {
  it('joins the filled-in recipient fields', () => {
    expect(recipientLine({ recipientName: 'Dana Whitfield', recipientTitle: '', recipientOffice: ' ICE San Diego ' })).toBe('Dana Whitfield, ICE San Diego');
    expect(recipientLine({ recipientName: '', recipientTitle: '', recipientOffice: '' })).toBe('');
  });
});
