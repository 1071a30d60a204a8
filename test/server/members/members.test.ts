/**
 * Sharing a letter with people who have accounts (server/members/): adding them with a role
 * (an invite their account accepts through its link), changing the role, removing them, leaving,
 * and the rule that a letter always keeps an owner.
 */
import { describe, expect, it } from 'vitest';
import type { Letter, LetterSummary } from '../../../shared/letters';
import type { Invite, Member } from '../../../shared/members';
import { createUser, uniqueEmail } from '../../helpers/accounts';
import type { HttpTarget, Session } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { acceptInvite, addMember, changeRole, createLetter, createSharedLetter, inviteEmail } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();

const isoTimestamp = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);

function members(server: HttpTarget, session: Session, letterId: string) {
  return expectJson<{ members: Member[]; invites: Invite[] }>(requestJson(server, `/api/letters/${letterId}/members`, { session }), 200);
}

async function roleOn(server: HttpTarget, session: Session, letterId: string): Promise<string | number> {
  const response = await requestJson(server, `/api/letters/${letterId}`, { session });
  if (response.status !== 200) return response.status;
  return ((await response.json()) as { letter: Letter }).letter.role; // 200 is the letter body
}

describe('adding people', () => {
  it('invites an existing account by email with a role: 201 {invite}; once its link is accepted, the letter appears in their list', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const physician = await createUser(server, { profession: 'physician' });
    const letter = await createLetter(server, owner);
    expect(await roleOn(server, physician, letter.id)).toBe(404);

    const response = await requestJson(server, `/api/letters/${letter.id}/members`, {
      method: 'POST',
      session: owner,
      body: { email: `  ${physician.user.email.toUpperCase()} `, role: 'commenter' },
    });
    expect(response.status).toBe(201);
    const { invite } = (await response.json()) as { invite: Invite }; // asserted right below
    expect(invite).toEqual({ id: expect.any(String), email: physician.user.email, role: 'commenter', createdAt: isoTimestamp, expiresAt: isoTimestamp, emailedAt: null, link: expect.any(String) });
    // Sharing alone gives nothing: the account holding the address is not on the letter yet.
    expect(await roleOn(server, physician, letter.id)).toBe(404);

    await acceptInvite(server, physician, invite.link ?? '');
    expect(await roleOn(server, physician, letter.id)).toBe('commenter');
    const added = (await members(server, owner, letter.id)).members.find((member) => member.userId === physician.user.id);
    expect(added).toEqual({ userId: physician.user.id, email: physician.user.email, name: physician.user.name, profession: 'physician', role: 'commenter', addedAt: isoTimestamp });
    const { letters } = await expectJson<{ letters: LetterSummary[] }>(requestJson(server, '/api/letters', { session: physician }), 200);
    expect(letters.map((summary) => [summary.id, summary.role])).toEqual([[letter.id, 'commenter']]);
    expect(letters[0]?.people.map((person) => [person.userId, person.role]).sort()).toEqual(
      [[owner.user.id, 'owner'], [physician.user.id, 'commenter']].sort(),
    );
  });

  it('lists members to every member, and pending invites only to owners', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter, viewer } = await createSharedLetter(server);
    const invite = await inviteEmail(server, owner, letter.id, uniqueEmail('pending'), 'viewer');

    const asOwner = await members(server, owner, letter.id);
    expect(asOwner.members.map((member) => [member.userId, member.role]).sort()).toEqual(
      [[owner.user.id, 'owner'], [editor.user.id, 'editor'], [commenter.user.id, 'commenter'], [viewer.user.id, 'viewer']].sort(),
    );
    // The link is shown once, when the invite is made; the list never repeats it.
    expect(asOwner.invites).toEqual([{ id: invite.id, email: invite.email, role: 'viewer', createdAt: isoTimestamp, expiresAt: isoTimestamp, emailedAt: null }]);
    for (const person of [editor, commenter, viewer]) {
      const seen = await members(server, person, letter.id);
      expect(seen.members).toEqual(asOwner.members);
      expect(seen.invites).toEqual([]);
    }
  });

  it('refuses someone already on the letter (409 already_member) and an email already invited (409 already_invited)', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await createSharedLetter(server);
    for (const email of [editor.user.email, owner.user.email]) {
      const response = await requestJson(server, `/api/letters/${letter.id}/members`, { method: 'POST', session: owner, body: { email, role: 'viewer' } });
      expect((await expectApiError(response, 409)).code).toBe('already_member');
    }
    const email = uniqueEmail('twice');
    await inviteEmail(server, owner, letter.id, email, 'viewer');
    const again = await requestJson(server, `/api/letters/${letter.id}/members`, { method: 'POST', session: owner, body: { email, role: 'editor' } });
    expect((await expectApiError(again, 409)).code).toBe('already_invited');
    // Nothing changed: the editor is still an editor, one invite is pending.
    expect(await roleOn(server, editor, letter.id)).toBe('editor');
    expect((await members(server, owner, letter.id)).invites).toHaveLength(1);
  });

  it.each([
    ['an unknown role', { role: 'admin' }, /role must be one of owner, editor, commenter, viewer/],
    ['a missing role', {}, /role/],
    ['an invalid email', { email: 'not-an-email', role: 'viewer' }, /valid email/],
  ])('refuses %s with 400 and says what is wrong', async (_case, change, message) => {
    const server = await resources.startServer();
    const { letter, owner, outsider } = await createSharedLetter(server);
    const body = { email: outsider.user.email, ...change };
    const error = await expectApiError(await requestJson(server, `/api/letters/${letter.id}/members`, { method: 'POST', session: owner, body }), 400);
    expect(error.message).toMatch(message);
    expect(await roleOn(server, outsider, letter.id)).toBe(404);
  });
});

describe('changing roles', () => {
  it('changes a member\'s role: 200 {member}, and their next request carries the new role', async () => {
    const server = await resources.startServer();
    const { letter, owner, viewer } = await createSharedLetter(server);
    const member = await changeRole(server, owner, letter.id, viewer.user.id, 'editor');
    expect(member).toMatchObject({ userId: viewer.user.id, role: 'editor' });
    expect(await roleOn(server, viewer, letter.id)).toBe('editor');
    // Now an editor, they may rename the letter.
    expect((await requestJson(server, `/api/letters/${letter.id}`, { method: 'PATCH', session: viewer, body: { title: 'Renamed by the new editor' } })).status).toBe(200);
  });

  it('answers 404 for someone who is not a member, and 400 for an unknown role', async () => {
    const server = await resources.startServer();
    const { letter, owner, outsider, viewer } = await createSharedLetter(server);
    await expectApiError(await requestJson(server, `/api/letters/${letter.id}/members/${outsider.user.id}`, { method: 'PATCH', session: owner, body: { role: 'editor' } }), 404);
    expect(await roleOn(server, outsider, letter.id)).toBe(404);
    await expectApiError(await requestJson(server, `/api/letters/${letter.id}/members/${viewer.user.id}`, { method: 'PATCH', session: owner, body: { role: 'boss' } }), 400);
    expect(await roleOn(server, viewer, letter.id)).toBe('viewer');
  });

  it('can make a second owner, who then has every owner right', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await createSharedLetter(server);
    await changeRole(server, owner, letter.id, editor.user.id, 'owner');
    expect((await requestJson(server, `/api/letters/${letter.id}/reviews`, { method: 'POST', session: editor, body: { reviewerId: owner.user.id } })).status).toBe(201);
    // The new owner may even demote the first one, since an owner remains.
    await changeRole(server, editor, letter.id, owner.user.id, 'viewer');
    expect(await roleOn(server, owner, letter.id)).toBe('viewer');
  });
});

describe('removing and leaving', () => {
  it('removes a member: 204, and they get 404 on the letter and no longer see it listed', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await createSharedLetter(server);
    const response = await requestJson(server, `/api/letters/${letter.id}/members/${editor.user.id}`, { method: 'DELETE', session: owner });
    expect(response.status).toBe(204);
    expect(await roleOn(server, editor, letter.id)).toBe(404);
    expect(await expectJson(requestJson(server, '/api/letters', { session: editor }), 200)).toEqual({ letters: [] });
    expect((await members(server, owner, letter.id)).members.map((member) => member.userId)).not.toContain(editor.user.id);
    // Removing them again: they are not a member any more.
    await expectApiError(await requestJson(server, `/api/letters/${letter.id}/members/${editor.user.id}`, { method: 'DELETE', session: owner }), 404);
  });

  it.each(['editor', 'commenter', 'viewer'] as const)('lets a %s leave on their own', async (role) => {
    const server = await resources.startServer();
    const shared = await createSharedLetter(server);
    const leaver = shared[role];
    const response = await requestJson(server, `/api/letters/${shared.letter.id}/members/${leaver.user.id}`, { method: 'DELETE', session: leaver });
    expect(response.status).toBe(204);
    expect(await roleOn(server, leaver, shared.letter.id)).toBe(404);
    expect(await roleOn(server, shared.owner, shared.letter.id)).toBe('owner');
  });
});

describe('the last owner', () => {
  it('cannot leave, be removed, or be demoted (409 last_owner); with a second owner, they can', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await createSharedLetter(server);
    const path = `/api/letters/${letter.id}/members/${owner.user.id}`;
    expect((await expectApiError(await requestJson(server, path, { method: 'DELETE', session: owner }), 409)).code).toBe('last_owner');
    for (const role of ['editor', 'commenter', 'viewer'] as const) {
      expect((await expectApiError(await requestJson(server, path, { method: 'PATCH', session: owner, body: { role } }), 409)).code).toBe('last_owner');
    }
    expect(await roleOn(server, owner, letter.id)).toBe('owner');

    await changeRole(server, owner, letter.id, editor.user.id, 'owner');
    expect((await requestJson(server, path, { method: 'DELETE', session: owner })).status).toBe(204);
    expect(await roleOn(server, owner, letter.id)).toBe(404);
    // Now the former editor is the last owner.
    const theirs = `/api/letters/${letter.id}/members/${editor.user.id}`;
    expect((await expectApiError(await requestJson(server, theirs, { method: 'DELETE', session: editor }), 409)).code).toBe('last_owner');
  });

  it('two owners leaving at the same moment: exactly one may go', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await createSharedLetter(server);
    await changeRole(server, owner, letter.id, editor.user.id, 'owner');
    const statuses = await Promise.all(
      [owner, editor].map(async (person) => (await requestJson(server, `/api/letters/${letter.id}/members/${person.user.id}`, { method: 'DELETE', session: person })).status),
    );
    expect(statuses.sort()).toEqual([204, 409]);
    const remaining = [await roleOn(server, owner, letter.id), await roleOn(server, editor, letter.id)];
    expect(remaining.sort()).toEqual([404, 'owner']);
  });

  it('two owners demoting each other at the same moment: one owner remains', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await createSharedLetter(server);
    await changeRole(server, owner, letter.id, editor.user.id, 'owner');
    const statuses = await Promise.all([
      requestJson(server, `/api/letters/${letter.id}/members/${editor.user.id}`, { method: 'PATCH', session: owner, body: { role: 'viewer' } }),
      requestJson(server, `/api/letters/${letter.id}/members/${owner.user.id}`, { method: 'PATCH', session: editor, body: { role: 'viewer' } }),
    ].map(async (response) => (await response).status));
    // Whichever ran second was refused, either as the last owner (409) or as no longer an owner (403).
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    // Both are still members (one as a viewer), so either may read the list.
    const roles = (await members(server, owner, letter.id)).members.map((member) => member.role);
    expect(roles.filter((role) => role === 'owner')).toHaveLength(1);
  });
});

describe('adding members to a letter through someone else\'s session', () => {
  it('is refused for an owner of another letter (404)', async () => {
    const server = await resources.startServer();
    const first = await createSharedLetter(server);
    const otherOwner = await createUser(server);
    await createLetter(server, otherOwner);
    const response = await requestJson(server, `/api/letters/${first.letter.id}/members`, { method: 'POST', session: otherOwner, body: { email: otherOwner.user.email, role: 'owner' } });
    expect((await expectApiError(response, 404)).code).toBe('not_found');
    await addMember(server, first.owner, first.letter.id, otherOwner, 'viewer');
    expect(await roleOn(server, otherOwner, first.letter.id)).toBe('viewer');
  });
});
