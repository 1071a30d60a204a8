/**
 * Invites when the server sends mail: the link goes to the invited mailbox and nowhere else (the
 * owner is told it was emailed), the answer is the same for an address with or without an account,
 * and an invite's mailed link also opens invite-only sign-up for that address.
 */
import { describe, expect, it } from 'vitest';
import type { Letter } from '../../../shared/letters';
import type { Invite, InvitePreview } from '../../../shared/members';
import { createUser, signupBody, uniqueEmail } from '../../helpers/accounts';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { createLetter, inviteTokenOf } from '../../helpers/letters';
import { linkIn, startMailbox } from '../../helpers/mailbox';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();

const isoTimestamp = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/);

describe('sharing when the server sends mail', () => {
  it('mails the link to the address, tells the owner it was emailed without the link, alike for an address with an account', async () => {
    const mailbox = await startMailbox(resources);
    // Accounts made before mail was configured, then the same data with mail.
    const plain = await resources.startServer();
    const owner = await createUser(plain);
    const squatter = await createUser(plain, { email: uniqueEmail('lawyer') });
    // The real holder of that mailbox, signed in with the account they have.
    const holder = await createUser(plain);
    await plain.stop();
    const server = await resources.startServer({ dataDir: plain.dataDir, mail: mailbox.settings, origin: 'https://casewrite.example' });
    const letter = await createLetter(server, owner, { title: 'Release request for A. N.' });

    const answers: Invite[] = [];
    for (const email of [squatter.user.email, uniqueEmail('nobody')]) {
      const response = await requestJson(server, `/api/letters/${letter.id}/members`, { method: 'POST', session: owner, body: { email, role: 'editor' }, origin: 'https://casewrite.example' });
      expect(response.status).toBe(201);
      const { invite } = (await response.json()) as { invite: Invite }; // asserted below
      expect(invite).toEqual({ id: expect.any(String), email, role: 'editor', createdAt: isoTimestamp, expiresAt: isoTimestamp, emailedAt: isoTimestamp });
      answers.push(invite);
    }
    // The owner's list says each was emailed; no link anywhere.
    const list = await expectJson<{ invites: Invite[] }>(requestJson(server, `/api/letters/${letter.id}/members`, { session: owner }), 200);
    expect(list.invites.map((invite) => [invite.email, invite.emailedAt !== null, invite.link])).toEqual(answers.map((invite) => [invite.email, true, undefined]));

    const mail = await mailbox.waitForMail(squatter.user.email, /invited/);
    expect(mail.text).toContain(owner.user.name);
    // Mail crosses servers we do not control: never the letter's title (it often names the person).
    expect(mail.text).not.toContain('A. N.');
    const link = linkIn(mail, '/invites/');
    expect(link).toMatch(/^https:\/\/casewrite\.example\/invites\/[a-z0-9]{40,}$/);
    const token = inviteTokenOf(link);
    const preview = await expectJson<{ invite: InvitePreview }>(requestJson(server, `/api/invites/${token}`), 200);
    expect(preview.invite).toMatchObject({ email: squatter.user.email, role: 'editor', invitedBy: owner.user.name });

    // The account with the address got nothing from the share itself; the mailbox holder, signed in, accepts.
    expect((await requestJson(server, `/api/letters/${letter.id}`, { session: squatter })).status).toBe(404);
    const accepted = requestJson(server, `/api/invites/${token}/accept`, { method: 'POST', session: holder, origin: 'https://casewrite.example' });
    expect((await expectJson<{ letter: Letter }>(accepted, 200)).letter.role).toBe('editor');
    expect((await requestJson(server, `/api/letters/${letter.id}`, { session: squatter })).status).toBe(404);
  });

  it('answers 502 mail_failed and leaves no invite when the mail server refuses the message', async () => {
    const mailbox = await startMailbox(resources, { refuse: true });
    const plain = await resources.startServer();
    const owner = await createUser(plain);
    await plain.stop();
    const server = await resources.startServer({ dataDir: plain.dataDir, mail: mailbox.settings });
    const letter = await createLetter(server, owner);
    const response = await requestJson(server, `/api/letters/${letter.id}/members`, { method: 'POST', session: owner, body: { email: uniqueEmail(), role: 'viewer' } });
    expect((await expectApiError(response, 502)).code).toBe('mail_failed');
    const list = await expectJson<{ invites: Invite[] }>(requestJson(server, `/api/letters/${letter.id}/members`, { session: owner }), 200);
    expect(list.invites).toEqual([]);
  });

  it('with SIGNUP=invite, the mailed link lets its address sign up at once (the mailbox is proven) and join', async () => {
    const mailbox = await startMailbox(resources);
    const plain = await resources.startServer();
    const owner = await createUser(plain);
    await plain.stop();
    const server = await resources.startServer({ dataDir: plain.dataDir, mail: mailbox.settings, signup: 'invite' });
    const letter = await createLetter(server, owner);
    const email = uniqueEmail('invited');
    await expectJson(requestJson(server, `/api/letters/${letter.id}/members`, { method: 'POST', session: owner, body: { email, role: 'commenter' } }), 201);
    const inviteToken = inviteTokenOf(linkIn(await mailbox.waitForMail(email, /invited/), '/invites/'));

    // Another address with the token is refused; the invited address with it is in at once.
    const other = await requestJson(server, '/api/auth/signup', { method: 'POST', body: signupBody({ inviteToken }) });
    expect((await expectApiError(other, 403)).code).toBe('signup_closed');
    const invited = await createUser(server, { email, inviteToken });
    const { letter: seen } = await expectJson<{ letter: Letter }>(requestJson(server, `/api/letters/${letter.id}`, { session: invited }), 200);
    expect(seen.role).toBe('commenter');
  });
});
