/** Why the letter's connection ended for good, in words a clinician can act on, with the way forward. */
import { Link } from 'wouter';
import { LetterBodyLimits, SyncLimits } from '../../../shared/limits';
import { CloseReason } from '../../../shared/protocol';
import { SESSION_LOST_EVENT } from '../api/http';
import type { FinalClose } from '../sync/letterConnection';

/** Stands in for a 4410 when a reload of the letter says it is no longer shared with me. */
export const REMOVED_CLOSE: FinalClose = { code: CloseReason.accessEnded.code, reason: 'removed' };

/** The message for a final close code. */
export function finalCloseMessage(close: FinalClose): string {
  switch (close.code) {
    case CloseReason.unauthenticated.code:
      return 'Your session ended, sign in again.';
    case CloseReason.forbidden.code:
      return 'The server refused changes your role does not allow. Reload the page to continue reading.';
    case CloseReason.accessEnded.code:
      return 'Your access to this letter was removed, or the workshop that shared it is over.';
    case CloseReason.noSuchRoom.code:
      return 'This letter was not found: it was deleted, or it is no longer shared with you.';
    case CloseReason.tooManySockets.code:
      return `This letter is already open in ${SyncLimits.maxSocketsPerAccountPerLetter} tabs, windows or devices on your account. Close some of them, then reload this page.`;
    case CloseReason.letterTooLarge.code:
      return `This letter has reached its size limit (about ${LetterBodyLimits.maxContentSize.toLocaleString('en-US')} characters), so your last change was not saved. Copy anything you need from below, then reload the page: shorten the letter, or move long material into a separate letter.`;
    case CloseReason.nestingTooDeep.code:
      return `Your last change nested the text more than ${LetterBodyLimits.maxNestingDepth} levels deep (lists or quotes within each other), so it was not saved. Copy anything you need from below, then reload the page.`;
    default:
      return `The server closed the connection (${close.reason || close.code}). Copy any unsaved text, then reload the page.`;
  }
}

/** The notice shown above the (now read-only) letter. */
export function ClosedNotice({ close }: { close: FinalClose }) {
  return (
    <div className="notice notice--error" role="alert" data-testid="final-close" data-code={close.code}>
      <p>{finalCloseMessage(close)}</p>
      {close.code === CloseReason.unauthenticated.code ? (
        // Ending the session here sends the page to sign-in, which brings the person back afterwards.
        <button type="button" className="button button--primary" onClick={() => window.dispatchEvent(new Event(SESSION_LOST_EVENT))}>
          Sign in again
        </button>
      ) : (
        <Link href="/" className="button">
          Go to your letters
        </Link>
      )}
    </div>
  );
}
