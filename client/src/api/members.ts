/** Members and invites of a letter, and invite links. */
import type { Letter } from '../../../shared/letters';
import type { Invite, InvitePreview, Member } from '../../../shared/members';
import type { LetterRole } from '../../../shared/roles';
import { z } from 'zod';
import { pick, request } from './http';
import { InvitePreviewSchema, InviteSchema, LetterSchema, MemberSchema } from './schemas';

const membersPath = (letterId: string) => `/api/letters/${encodeURIComponent(letterId)}/members`;

/** Who is on a letter; `invites` is empty unless I own it. */
export interface MemberList {
  members: Member[];
  invites: Invite[];
}

/** `GET /api/letters/:id/members`. */
export async function listMembers(letterId: string, signal?: AbortSignal): Promise<MemberList> {
  const body = await request(membersPath(letterId), { signal });
  return { members: pick(body, 'members', z.array(MemberSchema)), invites: pick(body, 'invites', z.array(InviteSchema)) };
}

/** `POST /api/letters/:id/members`: invites the address (account or not); the invite is emailed or carries its one-time link. */
export async function addMember(letterId: string, email: string, role: LetterRole): Promise<Invite> {
  return pick(await request(membersPath(letterId), { method: 'POST', json: { email, role } }), 'invite', InviteSchema);
}

/** `PATCH /api/letters/:id/members/:userId`. */
export async function changeMemberRole(letterId: string, userId: string, role: LetterRole): Promise<Member> {
  const body = await request(`${membersPath(letterId)}/${encodeURIComponent(userId)}`, { method: 'PATCH', json: { role } });
  return pick(body, 'member', MemberSchema);
}

/** `DELETE /api/letters/:id/members/:userId`: removing someone, or leaving when it is me. */
export async function removeMember(letterId: string, userId: string): Promise<void> {
  await request(`${membersPath(letterId)}/${encodeURIComponent(userId)}`, { method: 'DELETE' });
}

/** `DELETE /api/letters/:id/invites/:inviteId`. */
export async function revokeInvite(letterId: string, inviteId: string): Promise<void> {
  await request(`/api/letters/${encodeURIComponent(letterId)}/invites/${encodeURIComponent(inviteId)}`, { method: 'DELETE' });
}

/** `GET /api/invites/:token` (no session needed). */
export async function getInvitePreview(token: string, signal?: AbortSignal): Promise<InvitePreview> {
  return pick(await request(`/api/invites/${encodeURIComponent(token)}`, { signal }), 'invite', InvitePreviewSchema);
}

/** `POST /api/invites/:token/accept`: joins the letter. */
export async function acceptInvite(token: string): Promise<Letter> {
  return pick(await request(`/api/invites/${encodeURIComponent(token)}/accept`, { method: 'POST' }), 'letter', LetterSchema);
}
