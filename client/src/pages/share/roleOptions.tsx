/** The role choices, with what each may do, for the invite form and the role selects. */
import { LETTER_ROLES, ROLE_LABEL, type LetterRole } from '../../../../shared/roles';

/** What each role may do, in a few words. */
export const ROLE_HINT: Record<LetterRole, string> = {
  owner: 'edits, shares, sets the status',
  editor: 'edits the text',
  commenter: 'reads and comments',
  viewer: 'reads only',
};

/** The role a <select> value names (the options come from LETTER_ROLES, so it always is one). */
export function readRole(value: string): LetterRole {
  return LETTER_ROLES.find((role) => role === value) ?? 'viewer';
}

/** <option>s for every role. */
export function RoleOptions({ withHints = false }: { withHints?: boolean }) {
  return LETTER_ROLES.map((role) => (
    <option key={role} value={role}>
      {withHints ? `${ROLE_LABEL[role]}: ${ROLE_HINT[role]}` : ROLE_LABEL[role]}
    </option>
  ));
}
