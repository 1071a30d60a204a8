/** How audit actions read in the interface. */
import type { AuditAction } from '../../../shared/audit';

/** Plain-language names of the actions, for the filter. */
export const AUDIT_ACTION_LABEL: Record<AuditAction, string> = {
  'auth.signup': 'Account created',
  'auth.signin': 'Signed in',
  'auth.signin_failed': 'Failed sign-in',
  'auth.signout': 'Signed out',
  'letter.created': 'Letter created',
  'letter.opened': 'Letter opened',
  'letter.renamed': 'Letter renamed',
  'letter.status_changed': 'Status changed',
  'letter.deleted': 'Letter deleted',
  'member.added': 'Member added',
  'member.invited': 'Member invited',
  'member.role_changed': 'Role changed',
  'member.removed': 'Member removed',
  'invite.accepted': 'Invite accepted',
  'invite.revoked': 'Invite revoked',
  'sync.edit_rejected': 'Edit rejected',
  'case.viewed': 'Case details viewed',
  'case.changed': 'Case details changed',
  'checklist.changed': 'Checklist changed',
  'letter.exported': 'Letter exported',
};
