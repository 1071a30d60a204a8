/** Letter and sharing factories: create letters and give people roles on them over the real API. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Letter } from '../../shared/letters';
import type { Invite, Member } from '../../shared/members';
import type { LetterRole } from '../../shared/roles';
import type { TestUser } from './accounts';
import { createUser } from './accounts';
import type { HttpTarget, Session } from './http';
import { expectJson, requestJson } from './http';

let sequence = 0;

/** A title no other letter in this run has. */
export function uniqueTitle(prefix = 'Letter'): string {
  sequence += 1;
  return `${prefix} ${sequence} ${randomUUID().slice(0, 8)}`;
}

/** Creates a letter through `POST /api/letters` as `session` (who becomes its owner) and returns it. */
export async function createLetter(server: HttpTarget, session: Session, overrides: { title?: string; template?: string } = {}): Promise<Letter> {
  const body = { title: overrides.title ?? uniqueTitle(), ...(overrides.template ? { template: overrides.template } : {}) };
  const { letter } = await expectJson<{ letter: Letter }>(requestJson(server, '/api/letters', { method: 'POST', body, session }), 201);
  return letter;
}

/**
 * Gives an existing account `role` on a letter the way people do: the owner `by` invites its
 * address, and the account accepts through the invite link. Returns the member as the owner sees it.
 */
export async function addMember(server: HttpTarget, by: Session, letterId: string, member: TestUser, role: LetterRole): Promise<Member> {
  const invite = await inviteEmail(server, by, letterId, member.user.email, role);
  await acceptInvite(server, member, invite.link);
  const { members } = await expectJson<{ members: Member[] }>(requestJson(server, `/api/letters/${letterId}/members`, { session: by }), 200);
  const added = members.find((candidate) => candidate.userId === member.user.id);
  expect(added, `${member.user.email} is on the letter after accepting`).toMatchObject({ userId: member.user.id, role });
  if (!added) throw new Error(`${member.user.email} is not on the letter`); // the expect above has failed already
  return added;
}

/** Invites an address (account or not) to a letter as the owner `by`; returns the invite with its one-time link (the server sends no mail). */
export async function inviteEmail(server: HttpTarget, by: Session, letterId: string, email: string, role: LetterRole): Promise<Invite & { link: string }> {
  const response = requestJson(server, `/api/letters/${letterId}/members`, { method: 'POST', session: by, body: { email, role } });
  const json = await expectJson<{ invite: Invite }>(response, 201);
  expect(json, 'sharing with an address makes an invite').toHaveProperty('invite');
  const { invite } = json;
  expect(invite.link, 'without mail, a new invite carries its link').toEqual(expect.any(String));
  return { ...invite, link: invite.link ?? '' };
}

/** Accepts an invite link as `session`; returns the letter as the new member sees it. */
export async function acceptInvite(server: HttpTarget, session: Session, link: string): Promise<Letter> {
  const response = requestJson(server, `/api/invites/${inviteTokenOf(link)}/accept`, { method: 'POST', session });
  return (await expectJson<{ letter: Letter }>(response, 200)).letter;
}

/** The token at the end of an invite link (`<origin>/invites/<token>`). */
export function inviteTokenOf(link: string): string {
  const match = /\/invites\/([^/?#]+)$/.exec(link);
  expect(match, `invite link ${link}`).not.toBeNull();
  return decodeURIComponent(match?.[1] ?? '');
}

/** Changes a member's role, as the owner `by`. */
export async function changeRole(server: HttpTarget, by: Session, letterId: string, userId: string, role: LetterRole): Promise<Member> {
  const response = requestJson(server, `/api/letters/${letterId}/members/${userId}`, { method: 'PATCH', session: by, body: { role } });
  return (await expectJson<{ member: Member }>(response, 200)).member;
}

/** A letter with one fresh account in each role, plus an account that is not a member. */
export interface SharedLetter {
  letter: Letter;
  owner: TestUser;
  editor: TestUser;
  commenter: TestUser;
  viewer: TestUser;
  outsider: TestUser;
}

/** Creates accounts for every role and a letter they share; reuse `people` to share more letters among the same accounts. */
export async function createSharedLetter(server: HttpTarget, people?: Omit<SharedLetter, 'letter'>): Promise<SharedLetter> {
  const accounts = people ?? {
    owner: await createUser(server),
    editor: await createUser(server),
    commenter: await createUser(server),
    viewer: await createUser(server),
    outsider: await createUser(server),
  };
  const letter = await createLetter(server, accounts.owner);
  for (const role of ['editor', 'commenter', 'viewer'] as const) await addMember(server, accounts.owner, letter.id, accounts[role], role);
  return { letter, ...accounts };
}
