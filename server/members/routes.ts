/**
 * Sharing: `/api/letters/:id/members` and `/api/letters/:id/invites` (owners manage; every member
 * reads the member list), and `/api/invites/:token` (preview and accept an invite link).
 */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { MemberAddSchema, MemberRoleSchema } from '../../shared/members';
import { CloseReason } from '../../shared/protocol';
import { can } from '../../shared/roles';
import { recordAudit } from '../audit/store';
import { requireAuth } from '../auth/middleware';
import type { ConnectionRegistry } from '../collab/connections';
import type { Database } from '../db/schema';
import { idParam } from '../http/params';
import type { AppEnv } from '../http/context';
import { clientAddress } from '../http/context';
import { ApiException, notFound } from '../http/errors';
import { validate } from '../http/validate';
import { addInboxItems } from '../inbox/store';
import { requireLetterAccess } from '../letters/access';
import { isWorkshopGrant } from '../letters/store';
import { findLetterForUser } from '../letters/store';
import type { Mailer } from '../mail/mailer';
import { inviteMail } from '../mail/messages';
import {
  acceptInvite,
  createInvite,
  deleteInvite,
  findUsableInvite,
  hasPendingInvite,
  invalidInvite,
  listInvites,
  markInviteEmailed,
  previewInvite,
  revokeInvitesBy,
} from './invites';
import { roleChangedItem } from './notices';
import { countOwners, findMember, isMemberEmail, listMembers, removeMember, setMemberRole } from './store';

/** What the sharing routes need. */
export interface MemberRouteDeps {
  db: Kysely<Database>;
  connections: ConnectionRegistry;
  /** Returns the app's public origin (for invite links); known once the server listens. */
  publicOrigin: () => string;
  /**
   * Called inside the transaction that removed a member or changed their role, with what changed;
   * returns what to announce once it committed (a letter its owner no longer owns leaves workshops).
   */
  onMembershipChanged?: (trx: Kysely<Database>, letterId: string, userId: string) => Promise<() => void>;
  /** Mails invite links; without it, the owner gets the link to pass on. */
  mailer?: Mailer;
}

function lastOwner(): ApiException {
  return new ApiException(409, 'last_owner', 'A letter needs at least one owner: make someone else owner first.');
}

/** Builds the member routes (mounted at /api/letters) and the invite-link routes (at /api/invites). */
export function createMemberRoutes({ db, connections, publicOrigin, mailer, onMembershipChanged }: MemberRouteDeps) {
  const members = new Hono<AppEnv>()
    .get('/:id/members', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'));
      const invites = can(access.role, 'manageMembers') ? await listInvites(db, access.letterId) : [];
      const members = await listMembers(db, access.letterId);
      // A workshop partner sees who is on the letter, not how to reach them.
      const hideEmails = await isWorkshopGrant(db, access.letterId, access.auth.user.id);
      return c.json({ members: hideEmails ? members.map((member) => ({ ...member, email: '' })) : members, invites });
    })
    .post('/:id/members', validate('json', MemberAddSchema), async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'manageMembers');
      const { email, role } = c.req.valid('json');
      const ip = clientAddress(c);
      // Whether the address has an account is never looked up: every address gets an invite and
      // the same answer. Only people already on the letter, whom the owner sees listed, differ.
      if (await isMemberEmail(db, access.letterId, email)) {
        throw new ApiException(409, 'already_member', 'This person is already on the letter.');
      }
      if (await hasPendingInvite(db, access.letterId, email)) {
        throw new ApiException(409, 'already_invited', 'This email already has a pending invite.');
      }
      const { invite, token } = await db.transaction().execute(async (trx) => {
        const result = await createInvite(trx, { letterId: access.letterId, email, role, invitedBy: access.auth.user.id });
        await recordAudit(trx, { action: 'member.invited', actorId: access.auth.user.id, letterId: access.letterId, detail: { email, role }, ip });
        return result;
      });
      const link = `${publicOrigin()}/invites/${token}`;
      if (!mailer) {
        connections.notify(access.letterId, 'members');
        return c.json({ invite: { ...invite, link } }, 201);
      }
      // Mailed, the link belongs to the mailbox alone: the owner is told it went, not given it.
      try {
        await mailer.send(inviteMail({ to: email, inviterName: access.auth.user.name, role, link, expiresAt: invite.expiresAt }));
      } catch (error) {
        await deleteInvite(db, access.letterId, invite.id);
        throw error;
      }
      const emailedAt = await markInviteEmailed(db, invite.id);
      connections.notify(access.letterId, 'members');
      return c.json({ invite: { ...invite, emailedAt } }, 201);
    })
    .patch('/:id/members/:userId', validate('json', MemberRoleSchema), async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'manageMembers');
      const userId = idParam(c, 'userId', 'No such member.');
      const { role } = c.req.valid('json');
      const member = await findMember(db, access.letterId, userId);
      if (!member) throw notFound('No such member.');
      if (member.role === role) return c.json({ member });
      const { afterCommit, notified } = await db.transaction().execute(async (trx) => {
        if (member.role === 'owner' && (await countOwners(trx, access.letterId)) <= 1) throw lastOwner();
        await setMemberRole(trx, access.letterId, userId, role);
        // Their invites were theirs to send as an owner; they stop working with that right.
        if (member.role === 'owner') await revokeInvitesBy(trx, access.letterId, userId);
        await recordAudit(trx, {
          action: 'member.role_changed',
          actorId: access.auth.user.id,
          letterId: access.letterId,
          targetUserId: userId,
          detail: { from: member.role, to: role },
          ip: clientAddress(c),
        });
        const told = await addInboxItems(trx, [roleChangedItem({ letterId: access.letterId, userId, changedBy: access.auth.user.id, from: member.role, to: role })]);
        return { afterCommit: await onMembershipChanged?.(trx, access.letterId, userId), notified: told };
      });
      afterCommit?.();
      for (const told of notified) connections.notifyUser(told, 'inbox');
      // Their sockets reconnect (4500 is not final) and come back with the new role.
      connections.closeWhere({ room: access.letterId, userId }, CloseReason.roleChanged);
      connections.notify(access.letterId, 'members');
      return c.json({ member: await findMember(db, access.letterId, userId) });
    })
    .delete('/:id/members/:userId', async (c) => {
      const leaving = requireAuth(c).user.id === c.req.param('userId');
      const access = await requireLetterAccess(c, db, c.req.param('id'), leaving ? 'read' : 'manageMembers');
      const userId = idParam(c, 'userId', 'No such member.');
      const member = await findMember(db, access.letterId, userId);
      if (!member) throw notFound('No such member.');
      const afterCommit = await db.transaction().execute(async (trx) => {
        if (member.role === 'owner' && (await countOwners(trx, access.letterId)) <= 1) throw lastOwner();
        await removeMember(trx, access.letterId, userId);
        await revokeInvitesBy(trx, access.letterId, userId);
        await recordAudit(trx, {
          action: 'member.removed',
          actorId: access.auth.user.id,
          letterId: access.letterId,
          targetUserId: userId,
          detail: { role: member.role },
          ip: clientAddress(c),
        });
        return onMembershipChanged?.(trx, access.letterId, userId);
      });
      // Final (4410): the stock provider stops, and the page says their access ended.
      connections.closeWhere({ room: access.letterId, userId }, CloseReason.accessEnded);
      afterCommit?.();
      connections.notify(access.letterId, 'members');
      return c.body(null, 204);
    })
    .delete('/:id/invites/:inviteId', async (c) => {
      const access = await requireLetterAccess(c, db, c.req.param('id'), 'manageMembers');
      const deleted = await db.transaction().execute(async (trx) => {
        const found = await deleteInvite(trx, access.letterId, idParam(c, 'inviteId', 'No such invite.'));
        if (found) {
          await recordAudit(trx, { action: 'invite.revoked', actorId: access.auth.user.id, letterId: access.letterId, ip: clientAddress(c) });
        }
        return found;
      });
      if (!deleted) throw notFound('No such invite.');
      connections.notify(access.letterId, 'members');
      return c.body(null, 204);
    });

  const invites = new Hono<AppEnv>()
    .get('/:token', async (c) => {
      const invite = await findUsableInvite(db, c.req.param('token'));
      if (!invite) throw invalidInvite();
      return c.json({ invite: await previewInvite(db, invite) });
    })
    // Whoever is signed in and holds the link accepts it: the link went to the invited mailbox,
    // which is the proof; the account's own address proves nothing (anyone may sign up with any
    // address when mail is not configured), so it is not compared.
    .post('/:token/accept', async (c) => {
      const { user } = requireAuth(c);
      const invite = await findUsableInvite(db, c.req.param('token'));
      if (!invite) throw invalidInvite();
      const notified = await db.transaction().execute((trx) => acceptInvite(trx, invite, user.id, clientAddress(c)));
      connections.notify(invite.letter_id, 'members');
      for (const userId of notified) connections.notifyUser(userId, 'inbox');
      const letter = await findLetterForUser(db, invite.letter_id, user.id);
      if (!letter) throw notFound('No such letter.');
      return c.json({ letter });
    });

  return { members, invites };
}
