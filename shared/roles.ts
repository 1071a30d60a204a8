/** Letter roles and what each may do (the matrix in DESIGN.md). The server enforces it; the UI mirrors it. */

/** A member's role on one letter, from most to least powerful. */
export const LETTER_ROLES = ['owner', 'editor', 'commenter', 'viewer'] as const;

/** One of LETTER_ROLES. */
export type LetterRole = (typeof LETTER_ROLES)[number];

/** Things a member may do to a letter. */
export type LetterCapability =
  | 'read'
  | 'editBody'
  | 'comment'
  | 'tickChecklist'
  | 'editCaseDetails'
  | 'editTitle'
  | 'changeStatus'
  | 'editChecklist'
  | 'manageMembers'
  | 'viewAudit'
  | 'delete';

const CAPABILITIES: Record<LetterRole, ReadonlySet<LetterCapability>> = {
  owner: new Set<LetterCapability>(['read', 'editBody', 'comment', 'tickChecklist', 'editCaseDetails', 'editTitle', 'changeStatus', 'editChecklist', 'manageMembers', 'viewAudit', 'delete']),
  editor: new Set<LetterCapability>(['read', 'editBody', 'comment', 'tickChecklist', 'editCaseDetails', 'editTitle']),
  commenter: new Set<LetterCapability>(['read', 'comment', 'tickChecklist']),
  viewer: new Set<LetterCapability>(['read']),
};

/** Whether `role` may do `capability`. */
export function can(role: LetterRole, capability: LetterCapability): boolean {
  return CAPABILITIES[role].has(capability);
}

/** Plain-language names for the UI. */
export const ROLE_LABEL: Record<LetterRole, string> = {
  owner: 'Owner',
  editor: 'Editor',
  commenter: 'Commenter',
  viewer: 'Viewer',
};
