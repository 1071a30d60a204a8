/**
 * Invites (without mail configured): the owner gets a one-time link to pass on; anyone may preview
 * it; whoever is signed in and holds it may accept it, once; expired, revoked, used and made-up
 * links are 404.
 */
import { describe, expect, it } from 'vitest';
import type { Letter } from '../../../shared/letters';
import type { InvitePreview } from '../../../shared/members';
import { INVITE_LIFETIME_MS } from '../../../shared/members';
import { createUser, uniqueEmail } from '../../helpers/accounts';
import { openTestDatabase } from '../../helpers/database';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { createLetter, inviteEmail, inviteTokenOf, uniqueTitle } from '../../helpers/letters';
import type { TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();

const isoTimestamp = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/);

function accept(server: TestServer, token: string, session: { cookie: string } | null) {
  return requestJson(server, `/api/invites/${token}/accept`, { method: 'POST', session });
}

describe('inviting an email', () => {
  it('answers 201 {invite} with a one-time link on the app\'s origin, and anyone with the link may preview it', async () => {
    const server = await resources.startServer({ origin: 'https://casewrite.example' });
    const owner = await createUser(server);
    const title = uniqueTitle('Release request');
    const letter = await createLetter(server, owner, { title });
    const email = uniqueEmail('lawyer');
    const before = Date.now();
    const response = await requestJson(server, `/api/letters/${letter.id}/members`, { method: 'POST', session: owner, body: { email, role: 'commenter' } });
    expect(response.status).toBe(201);
    const { invite } = (await response.json()) as { invite: { link: string; expiresAt: string } }; // asserted below
    expect(invite).toEqual({ id: expect.any(String), email, role: 'commenter', createdAt: isoTimestamp, expiresAt: isoTimestamp, emailedAt: null, link: expect.stringMatching(/^https:\/\/casewrite\.example\/invites\/[A-Za-z0-9_-]{20,}$/) });
    const lifetime = Date.parse(invite.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(INVITE_LIFETIME_MS - 60_000);
    expect(lifetime).toBeLessThanOrEqual(INVITE_LIFETIME_MS + 60_000);

    // No session needed to see what the link is for.
    const preview = await expectJson<{ invite: InvitePreview }>(requestJson(server, `/api/invites/${inviteTokenOf(invite.link)}`), 200);
    expect(preview.invite).toEqual({ email, role: 'commenter', letterTitle: title, invitedBy: owner.user.name, expiresAt: invite.expiresAt });
  });

  it('gives each invite its own link', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const links = [await inviteEmail(server, owner, letter.id, uniqueEmail(), 'viewer'), await inviteEmail(server, owner, letter.id, uniqueEmail(), 'viewer')].map((invite) => invite.link);
    expect(new Set(links).size).toBe(2);
  });
});

describe('accepting an invite', () => {
  it('lets whoever is signed in and holds the link in with the invited role, whatever their address, once', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const email = uniqueEmail('invited');
    const token = inviteTokenOf((await inviteEmail(server, owner, letter.id, email, 'editor')).link);

    // A page on another site cannot make a signed-in browser accept an invite.
    const holder = await createUser(server);
    const forged = await requestJson(server, `/api/invites/${token}/accept`, { method: 'POST', session: holder, origin: 'http://evil.example' });
    expect((await expectApiError(forged, 403)).code).toBe('forbidden_origin');
    await expectApiError(await accept(server, token, null), 401);
    // Neither used the invite up.
    expect((await requestJson(server, `/api/invites/${token}`)).status).toBe(200);

    // The link went to the invited mailbox; its holder accepts with the account they have.
    const { letter: joined } = await expectJson<{ letter: Letter }>(accept(server, token, holder), 200);
    expect(joined).toMatchObject({ id: letter.id, title: letter.title, role: 'editor' });
    const { letter: seen } = await expectJson<{ letter: Letter }>(requestJson(server, `/api/letters/${letter.id}`, { session: holder }), 200);
    expect(seen.role).toBe('editor');

    // Used: gone from previews, from acceptance (for anyone) and from the owner's pending list.
    const invited = await createUser(server, { email });
    expect((await expectApiError(await requestJson(server, `/api/invites/${token}`), 404)).code).toBe('not_found');
    await expectApiError(await accept(server, token, holder), 404);
    await expectApiError(await accept(server, token, invited), 404);
    expect((await requestJson(server, `/api/letters/${letter.id}`, { session: invited })).status).toBe(404);
    const list = await expectJson<{ invites: unknown[] }>(requestJson(server, `/api/letters/${letter.id}/members`, { session: owner }), 200);
    expect(list.invites).toEqual([]);
  });

  it('keeps the role of someone already on the letter who accepts a link, and uses the link up', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const token = inviteTokenOf((await inviteEmail(server, owner, letter.id, uniqueEmail(), 'viewer')).link);
    const { letter: same } = await expectJson<{ letter: Letter }>(accept(server, token, owner), 200);
    expect(same.role).toBe('owner');
    await expectApiError(await requestJson(server, `/api/invites/${token}`), 404);
  });

  it('answers 404 for a made-up token, on preview and on accept', async () => {
    const server = await resources.startServer();
    const person = await createUser(server);
    for (const token of ['a'.repeat(48), 'nonsense', 'x'.repeat(500)]) {
      await expectApiError(await requestJson(server, `/api/invites/${token}`), 404);
      await expectApiError(await accept(server, token, person), 404);
    }
  });

  it('answers 404 for an expired invite, and the owner no longer sees it as pending', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const email = uniqueEmail('late');
    const invite = await inviteEmail(server, owner, letter.id, email, 'viewer');
    const token = inviteTokenOf(invite.link);
    const invited = await createUser(server, { email });
    const noAccountEmail = uniqueEmail('no-account');
    const noAccount = await inviteEmail(server, owner, letter.id, noAccountEmail, 'viewer');

    // Seven days pass (the test moves the expiry into the past instead of waiting).
    const connection = openTestDatabase(server.database, { writable: true });
    resources.defer(() => connection.close());
    for (const id of [invite.id, noAccount.id]) {
      const expired = await connection.db.updateTable('invites').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).executeTakeFirst();
      expect(expired.numUpdatedRows).toBe(1n);
    }

    await expectApiError(await requestJson(server, `/api/invites/${token}`), 404);
    await expectApiError(await accept(server, token, invited), 404);
    expect((await requestJson(server, `/api/letters/${letter.id}`, { session: invited })).status).toBe(404);
    const list = await expectJson<{ invites: unknown[] }>(requestJson(server, `/api/letters/${letter.id}/members`, { session: owner }), 200);
    expect(list.invites).toEqual([]);
    // An expired invite does not block a new one for the same email.
    await inviteEmail(server, owner, letter.id, noAccountEmail, 'editor');
  });

  it('answers 404 for a revoked invite', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const email = uniqueEmail('revoked');
    const invite = await inviteEmail(server, owner, letter.id, email, 'viewer');
    const invited = await createUser(server, { email });
    expect((await requestJson(server, `/api/letters/${letter.id}/invites/${invite.id}`, { method: 'DELETE', session: owner })).status).toBe(204);
    await expectApiError(await requestJson(server, `/api/invites/${inviteTokenOf(invite.link)}`), 404);
    await expectApiError(await accept(server, inviteTokenOf(invite.link), invited), 404);
    // Revoking it again: there is no such invite.
    await expectApiError(await requestJson(server, `/api/letters/${letter.id}/invites/${invite.id}`, { method: 'DELETE', session: owner }), 404);
  });

  it('an invite of one letter cannot be revoked through another letter of the same owner', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const [first, second] = [await createLetter(server, owner), await createLetter(server, owner)];
    const invite = await inviteEmail(server, owner, first.id, uniqueEmail(), 'viewer');
    await expectApiError(await requestJson(server, `/api/letters/${second.id}/invites/${invite.id}`, { method: 'DELETE', session: owner }), 404);
    expect((await requestJson(server, `/api/invites/${inviteTokenOf(invite.link)}`)).status).toBe(200);
  });
});
