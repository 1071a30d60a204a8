/**
 * Pending invites: sharing a letter with an address, account or not, makes one, and it takes
 * effect only when someone signed in accepts it through its one-time link. The link goes to the
 * address's mailbox (mailed, or passed on by the owner), so holding it is what proves the
 * mailbox; the accepting account's own address does not matter, as addresses are not proof of
 * anything without mail. An invite works only while its inviter is still an owner of the letter.
 */
import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { Invite, InvitePreview } from '../../shared/members';
import { INVITE_LIFETIME_MS } from '../../shared/members';
import type { LetterRole } from '../../shared/roles';
import { recordAudit } from '../audit/store';
import { generateSecureRandomString, hashSecret } from '../auth/tokens';
import type { Database, InvitesTable } from '../db/schema';
import { notFound } from '../http/errors';
import { addInboxItems } from '../inbox/store';
import { toRole } from '../letters/store';
import { joinedItems } from './notices';

/** An invite row. */
export type InviteRow = Selectable<InvitesTable>;

function toInvite(row: InviteRow): Invite {
  return { id: row.id, email: row.email, role: toRole(row.role), createdAt: row.created_at, expiresAt: row.expires_at, emailedAt: row.emailed_at };
}

/** The answer for a link that does not (or no longer) work; the same whatever the reason. */
export function invalidInvite() {
  return notFound('This invite link is not valid: it may have expired, been used or been withdrawn.');
}

/** Rows whose inviter is still an owner of the letter (not by a workshop grant): only those may be accepted. */
function inviterStillOwner(eb: ExpressionBuilder<Database, 'invites'>) {
  return eb.exists(
    eb
      .selectFrom('letter_members')
      .select('letter_members.user_id')
      .whereRef('letter_members.letter_id', '=', 'invites.letter_id')
      .whereRef('letter_members.user_id', '=', 'invites.invited_by')
      .where('letter_members.role', '=', 'owner')
      .where('letter_members.granted_by_workshop', 'is', null),
  );
}

/** Creates an invite; returns it with its one-time token (only a hash is stored). */
export async function createInvite(
  db: Kysely<Database>,
  invite: { letterId: string; email: string; role: LetterRole; invitedBy: string },
): Promise<{ invite: Invite; token: string }> {
  const token = generateSecureRandomString() + generateSecureRandomString();
  const now = Date.now();
  const row: InviteRow = {
    id: randomUUID(),
    letter_id: invite.letterId,
    email: invite.email,
    role: invite.role,
    token_hash: hashSecret(token),
    invited_by: invite.invitedBy,
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + INVITE_LIFETIME_MS).toISOString(),
    emailed_at: null,
  };
  await db.insertInto('invites').values(row).execute();
  return { invite: toInvite(row), token };
}

/** Records that the invite's link was mailed to its address; returns the time. */
export async function markInviteEmailed(db: Kysely<Database>, inviteId: string): Promise<string> {
  const at = new Date().toISOString();
  await db.updateTable('invites').set({ emailed_at: at }).where('id', '=', inviteId).execute();
  return at;
}

/** The letter's unexpired invites. */
export async function listInvites(db: Kysely<Database>, letterId: string): Promise<Invite[]> {
  const rows = await db
    .selectFrom('invites')
    .selectAll()
    .where('letter_id', '=', letterId)
    .where('expires_at', '>', new Date().toISOString())
    .orderBy('created_at')
    .execute();
  return rows.map(toInvite);
}

/** Whether an unexpired invite for this email exists on the letter. */
export async function hasPendingInvite(db: Kysely<Database>, letterId: string, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('invites')
    .select('id')
    .where('letter_id', '=', letterId)
    .where('email', '=', email)
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirst();
  return row !== undefined;
}

/** The unexpired invite a token belongs to, while its inviter is still an owner of the letter; or null. */
export async function findUsableInvite(db: Kysely<Database>, token: string): Promise<InviteRow | null> {
  if (token.length > 200) return null;
  const row = await db
    .selectFrom('invites')
    .selectAll()
    .where('token_hash', '=', hashSecret(token))
    .where('expires_at', '>', new Date().toISOString())
    .where(inviterStillOwner)
    .executeTakeFirst();
  return row ?? null;
}

/** What an invite link shows before it is accepted. */
export async function previewInvite(db: Kysely<Database>, invite: InviteRow): Promise<InvitePreview> {
  const letter = await db.selectFrom('letters').select('title').where('id', '=', invite.letter_id).executeTakeFirst();
  const inviter = await db.selectFrom('users').select('name').where('id', '=', invite.invited_by).executeTakeFirst();
  return {
    email: invite.email,
    role: toRole(invite.role),
    letterTitle: letter?.title ?? '',
    invitedBy: inviter?.name ?? '',
    expiresAt: invite.expires_at,
  };
}

/**
 * Makes the account a member with the invite's role and uses up the invite (call inside a
 * transaction). Checks again, in that transaction, that the invite is unused and its inviter still
 * an owner: a demotion or removal that landed since the link was opened wins. Someone already on
 * the letter keeps their role. A new member is told in their inbox who added them and as what, and
 * the inviter that they joined; returns the users whose inbox changed.
 */
export async function acceptInvite(db: Kysely<Database>, invite: InviteRow, userId: string, ip: string | null): Promise<string[]> {
  const used = await db.deleteFrom('invites').where('id', '=', invite.id).where(inviterStillOwner).executeTakeFirst();
  if (Number(used.numDeletedRows) === 0) throw invalidInvite();
  const role = toRole(invite.role);
  const added = await db
    .insertInto('letter_members')
    .values({ letter_id: invite.letter_id, user_id: userId, role, added_at: new Date().toISOString() })
    .onConflict((oc) => oc.columns(['letter_id', 'user_id']).doNothing())
    .executeTakeFirst();
  await recordAudit(db, {
    action: 'invite.accepted',
    actorId: userId,
    letterId: invite.letter_id,
    targetUserId: userId,
    detail: { role: invite.role },
    ip,
  });
  // Someone already on the letter joined nobody: nothing to tell.
  if (Number(added.numInsertedOrUpdatedRows ?? 0n) === 0) return [];
  return addInboxItems(db, joinedItems({ letterId: invite.letter_id, userId, invitedBy: invite.invited_by, role }));
}

/** Deletes an invite of a letter; returns whether there was one. */
export async function deleteInvite(db: Kysely<Database>, letterId: string, inviteId: string): Promise<boolean> {
  const result = await db.deleteFrom('invites').where('id', '=', inviteId).where('letter_id', '=', letterId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Withdraws every invite a person sent for a letter: called when they stop being its owner. */
export async function revokeInvitesBy(db: Kysely<Database>, letterId: string, inviterId: string): Promise<void> {
  await db.deleteFrom('invites').where('letter_id', '=', letterId).where('invited_by', '=', inviterId).execute();
}
