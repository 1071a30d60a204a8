/** The status changes an owner may make, worded as actions ("Mark as sent…", "Back to draft", …); the review statuses come only through a review. */
import { STATUS_TRANSITIONS, type LetterStatus } from '../../../shared/letters';
import { REVIEW_STATUSES } from '../../../shared/reviews';

/** One button: where it moves the letter, what it says, and whether it is the way forward. */
export interface StatusAction {
  to: LetterStatus;
  label: string;
  /** Forward steps are shown as primary buttons; steps back are plain. */
  forward: boolean;
}

/** The words for moving from `from` to `to`. */
export function statusActionLabel(from: LetterStatus, to: LetterStatus): string {
  switch (to) {
    case 'in_review':
      return from === 'approved' ? 'Back to review' : 'Send for review';
    case 'changes_requested':
      return 'Request changes';
    case 'approved':
      return 'Approve';
    case 'sent':
      return 'Mark as sent…';
    case 'draft':
      return from === 'sent' ? 'Reopen' : 'Back to draft';
  }
}

const ORDER: readonly LetterStatus[] = ['draft', 'in_review', 'changes_requested', 'approved', 'sent'];

/**
 * The actions allowed from `from` (STATUS_TRANSITIONS), forward steps first. The review statuses
 * are left out: a letter goes into review by asking a named reviewer ("Request review"), and only
 * that reviewer approves it or asks for changes.
 */
export function statusActions(from: LetterStatus): StatusAction[] {
  const actions = STATUS_TRANSITIONS[from].filter((to) => !REVIEW_STATUSES.includes(to)).map((to) => ({
    to,
    label: statusActionLabel(from, to),
    // Requesting changes is a step forward in review even though it sends the letter back to writers.
    forward: to !== 'draft' && (ORDER.indexOf(to) > ORDER.indexOf(from) || from === 'changes_requested'),
  }));
  return [...actions.filter((action) => action.forward), ...actions.filter((action) => !action.forward)];
}
