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

/** Adds an existing account to a letter with `role`, as the owner `by`; returns the member. */
export async function addMember(server: HttpTarget, by: Session, letterId: string, member: TestUser, role: LetterRole): Promise<Member> {
  const response = requestJson(server, `/api/letters/${letterId}/members`, { method: 'POST', session: by, body: { email: member.user.email, role } });
  const json = await expectJson<{ member: Member }>(response, 201);
  expect(json.member).toMatchObject({ userId: member.user.id, role });
  return json.member;
}

/** Invites an email without an account to a letter, as the owner `by`; returns the invite (with its one-time link). */
export async function inviteEmail(server: HttpTarget, by: Session, letterId: string, email: string, role: LetterRole): Promise<Invite & { link: string }> {
  const response = requestJson(server, `/api/letters/${letterId}/members`, { method: 'POST', session: by, body: { email, role } });
  const json = await expectJson<{ invite: Invite }>(response, 201);
  expect(json, `${email} has no account, so adding it makes an invite`).toHaveProperty('invite');
  const { invite } = json;
  expect(invite.link, 'a new invite carries its link').toEqual(expect.any(String));
  return { ...invite, link: invite.link ?? '' };
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
