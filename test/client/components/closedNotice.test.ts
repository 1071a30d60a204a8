/** The words shown when the server ends a letter's connection for good. */
import { describe, expect, it } from 'vitest';
import { finalCloseMessage } from '../../../client/src/pages/ClosedNotice';
import { SyncLimits } from '../../../shared/limits';
import { CloseReason } from '../../../shared/protocol';

describe('finalCloseMessage', () => {
  it('tells someone with the letter open in too many places how many are allowed and what to do', () => {
    const message = finalCloseMessage(CloseReason.tooManySockets);
    expect(message).toContain(`${SyncLimits.maxSocketsPerAccountPerLetter} tabs, windows or devices`);
    expect(message).toMatch(/Close some of them, then reload this page\.$/);
  });
});
