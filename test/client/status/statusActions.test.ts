import { describe, expect, it } from 'vitest';
import { LETTER_STATUSES, STATUS_TRANSITIONS } from '../../../shared/letters';
import { statusActions } from '../../../client/src/status/statusActions';
import { latestSend } from '../../../client/src/status/SentBanner';
import { recipientLine } from '../../../client/src/status/recipient';

describe('statusActions', () => {
  it('offers exactly the transitions the server allows, from every status', () => {
    for (const status of LETTER_STATUSES) {
      expect(statusActions(status).map((action) => action.to).sort()).toEqual([...STATUS_TRANSITIONS[status]].sort());
    }
  });

  it('words each step as an action, forward steps first', () => {
    expect(statusActions('draft').map((action) => action.label)).toEqual(['Send for review']);
    expect(statusActions('in_review').map((action) => action.label)).toEqual(['Request changes', 'Approve', 'Back to draft']);
    expect(statusActions('changes_requested').map((action) => action.label)).toEqual(['Send for review', 'Back to draft']);
    expect(statusActions('approved').map((action) => action.label)).toEqual(['Mark as sent…', 'Back to review', 'Back to draft']);
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
