/**
 * The inbox items a change of who is on a letter leaves: the person who joined by an invite is told
 * who added them and as what, the inviter that they joined, and a member whose role an owner changed
 * what it is now. The letter's title is not copied into the excerpt: the inbox shows the title
 * each reader may see (a neutral one for a workshop's de-identified grant).
 */
import type { LetterRole } from '../../shared/roles';
import { ROLE_LABEL } from '../../shared/roles';
import type { NewInboxItem } from '../inbox/store';

/** "an editor", "a commenter": a role as it reads inside a sentence. */
export function roleWithArticle(role: LetterRole): string {
  const label = ROLE_LABEL[role].toLowerCase();
  return `${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label}`;
}

/** What one accepted invite tells: the new member who added them and as what, the inviter that they joined. */
export function joinedItems(join: { letterId: string; userId: string; invitedBy: string; role: LetterRole }): NewInboxItem[] {
  const as = roleWithArticle(join.role);
  return [
    { userId: join.userId, letterId: join.letterId, kind: 'member_added', actorId: join.invitedBy, excerpt: `As ${as}` },
    { userId: join.invitedBy, letterId: join.letterId, kind: 'invite_accepted', actorId: join.userId, excerpt: `Joined as ${as}` },
  ];
}

/** What a role change tells the member: their new role and the old one. */
export function roleChangedItem(change: { letterId: string; userId: string; changedBy: string; from: LetterRole; to: LetterRole }): NewInboxItem {
  return {
    userId: change.userId,
    letterId: change.letterId,
    kind: 'role_changed',
    actorId: change.changedBy,
    excerpt: `Now ${roleWithArticle(change.to)} (was ${roleWithArticle(change.from)})`,
  };
}
