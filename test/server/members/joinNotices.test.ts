/**
 * Being added to a letter reaches the inbox: whoever accepts an invite is told who added them to
 * which letter and as what, the inviter that they joined, and a member whose role an owner changed
 * their new role. Nothing is told when nothing changed, and a workshop's de-identified member
 * reads the letter's neutral title, never the one typed.
 */
import { describe, expect, it } from 'vitest';
import { createUser } from '../../helpers/accounts';
import { getInbox } from '../../helpers/comments';
import { expectJson, requestJson } from '../../helpers/http';
import { acceptInvite, addMember, changeRole, createLetter, inviteEmail } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { setUpWorkshop } from '../../helpers/workshops';
import { putPairs } from '../workshops/session';

const resources = useTestResources();

describe('inbox items for joining a letter', () => {
  it('accepting an invite tells the new member who added them, to which letter and as what, and the inviter that they joined', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server, { name: 'Dr. Lena Brandt' });
    const lawyer = await createUser(server, { name: 'Omar Haddad' });
    const letter = await createLetter(server, owner);
    expect(await getInbox(server, lawyer)).toEqual({ items: [], unread: 0 });

    await addMember(server, owner, letter.id, lawyer, 'editor');

    expect(await getInbox(server, lawyer)).toEqual({
      unread: 1,
      items: [
        {
          id: expect.any(String),
          kind: 'member_added',
          letterId: letter.id,
          letterTitle: letter.title,
          threadId: null,
          reviewId: null,
          actor: { userId: owner.user.id, name: 'Dr. Lena Brandt' },
          excerpt: 'As an editor',
          createdAt: expect.any(String),
          readAt: null,
        },
      ],
    });
    const ownerInbox = await getInbox(server, owner);
    expect(ownerInbox.unread).toBe(1);
    expect(ownerInbox.items).toEqual([
      expect.objectContaining({ kind: 'invite_accepted', letterId: letter.id, letterTitle: letter.title, actor: { userId: lawyer.user.id, name: 'Omar Haddad' }, excerpt: 'Joined as an editor' }),
    ]);
  });

  it('says the role each invite gave', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    for (const [role, excerpt] of [
      ['owner', 'As an owner'],
      ['commenter', 'As a commenter'],
      ['viewer', 'As a viewer'],
    ] as const) {
      const member = await createUser(server);
      await addMember(server, owner, letter.id, member, role);
      expect((await getInbox(server, member)).items.map((item) => [item.kind, item.excerpt])).toEqual([['member_added', excerpt]]);
    }
  });

  it('tells nothing when the account accepting is already on the letter (it keeps its role)', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const editor = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, editor, 'editor');
    const [ownerBefore, editorBefore] = [await getInbox(server, owner), await getInbox(server, editor)];

    const invite = await inviteEmail(server, owner, letter.id, `someone.else.${Date.now()}@example.org`, 'viewer');
    expect((await acceptInvite(server, editor, invite.link)).role).toBe('editor');
    expect(await getInbox(server, owner)).toEqual(ownerBefore);
    expect(await getInbox(server, editor)).toEqual(editorBefore);
  });

  it('a role change tells the member their new role and the old one; the same role tells nothing', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server, { name: 'Dr. Lena Brandt' });
    const member = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, member, 'editor');

    await changeRole(server, owner, letter.id, member.user.id, 'commenter');
    const inbox = await getInbox(server, member);
    expect(inbox.unread).toBe(2);
    expect(inbox.items[0]).toMatchObject({ kind: 'role_changed', letterId: letter.id, letterTitle: letter.title, actor: { userId: owner.user.id, name: 'Dr. Lena Brandt' }, excerpt: 'Now a commenter (was an editor)' });

    await changeRole(server, owner, letter.id, member.user.id, 'commenter');
    expect((await getInbox(server, member)).items).toHaveLength(2);
    // The owner who changed it is not told of their own change.
    expect((await getInbox(server, owner)).items.map((item) => item.kind)).toEqual(['invite_accepted']);
  });

  it("a workshop partner whose role the owner changes reads the letter's neutral title, not the one typed", async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, partner] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    const title = 'Parole request for Mariá Gonzales-Reyes';
    await expectJson(requestJson(server, `/api/letters/${writer.letterId}`, { method: 'PATCH', session: writer.user, body: { title } }), 200);
    await putPairs(server, facilitator, workshop.id, [{ a: writer.user.user.id, b: partner.user.user.id }]);

    await changeRole(server, writer.user, writer.letterId, partner.user.user.id, 'viewer');
    const inbox = await getInbox(server, partner.user);
    const item = inbox.items.find((candidate) => candidate.letterId === writer.letterId);
    expect(item).toMatchObject({ kind: 'role_changed', letterTitle: `Letter by ${writer.user.user.name}`, excerpt: 'Now a viewer (was a commenter)' });
    expect(JSON.stringify(inbox)).not.toContain('Gonzales');
    expect(JSON.stringify(inbox)).not.toContain('Parole request');
  });
});
