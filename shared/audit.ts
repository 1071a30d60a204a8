/** The audit log's entries as the API returns them. Never letter text, never secrets. */

/** Every action the audit log records. */
export const AUDIT_ACTIONS = [
  'auth.signup',
  'auth.signin',
  'auth.signin_failed',
  'auth.signout',
  'letter.created',
  'letter.opened',
  'letter.renamed',
  'letter.status_changed',
  'letter.deleted',
  'member.added',
  'member.invited',
  'member.role_changed',
  'member.removed',
  'invite.accepted',
  'invite.revoked',
  'sync.edit_rejected',
  'case.viewed',
  'case.changed',
  'checklist.changed',
  'letter.exported',
  'comment.created',
  'comment.edited',
  'comment.deleted',
  'thread.resolved',
  'thread.reopened',
  'review.requested',
  'review.cancelled',
  'review.finished',
  'version.saved',
  'version.restored',
  'workshop.created',
  'workshop.updated',
  'workshop.joined',
  'workshop.letter_attached',
  'workshop.step_changed',
  'workshop.broadcast',
  'workshop.paired',
  'workshop.unpaired',
  'workshop.spotlight',
  'workshop.shared',
  'workshop.ended',
] as const;

/** One of AUDIT_ACTIONS. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One audit entry. */
export interface AuditEntry {
  id: number;
  at: string;
  action: AuditAction;
  actorId: string | null;
  actorName: string | null;
  letterId: string | null;
  targetUserId: string | null;
  /** The current name of the account the action was about, if any. */
  targetName: string | null;
  /** Non-secret facts, e.g. `{ role: 'editor' }` or `{ email }` for failed sign-ins. */
  detail: Record<string, string | number | boolean | null>;
  ip: string | null;
}
