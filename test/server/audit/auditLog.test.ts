/**
 * The audit log (DESIGN.md "Audit log"): what is recorded, who may read which part of it, in what
 * order and with which filters, and that it holds no letter text and no secret.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditAction, AuditEntry } from '../../../shared/audit';
import { AUDIT_ACTIONS } from '../../../shared/audit';
import { createUser, signIn, uniqueEmail, uniquePassword } from '../../helpers/accounts';
import { adminAudit, letterAudit } from '../../helpers/audit';
import { openTestDatabase } from '../../helpers/database';
import { expectApiError, requestJson } from '../../helpers/http';
import { addMember, changeRole, createLetter, inviteEmail, inviteTokenOf } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { connectSyncedPair } from '../../helpers/rooms';
import { waitUntil } from '../../helpers/wait';
import { appendParagraph, blockTexts } from '../../helpers/ydoc';

const resources = useTestResources();

const isoTimestamp = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);

/** The one entry with `action` (and matching `where`), asserting there is exactly one. */
function only(entries: AuditEntry[], action: AuditAction, where: Partial<AuditEntry> = {}): AuditEntry {
  const found = entries.filter((entry) => entry.action === action && Object.entries(where).every(([key, value]) => entry[key as keyof AuditEntry] === value)); // keys come from Partial<AuditEntry>
  expect(found, `${action} ${JSON.stringify(where)} in ${JSON.stringify(entries.map((entry) => entry.action))}`).toHaveLength(1);
  return found[0] as AuditEntry; // length asserted just above
}

describe('what is recorded', () => {
  it('sign-up, sign-in, failed sign-in and sign-out, with who, when and from where', async () => {
    const server = await resources.startServer();
    const admin = await createUser(server);
    const person = await createUser(server);
    const wrong = uniquePassword();
    expect((await requestJson(server, '/api/auth/login', { method: 'POST', body: { email: person.user.email, password: wrong } })).status).toBe(401);
    const unknownEmail = uniqueEmail('nobody');
    expect((await requestJson(server, '/api/auth/login', { method: 'POST', body: { email: unknownEmail, password: wrong } })).status).toBe(401);
    const second = await signIn(server, person);
    expect((await requestJson(server, '/api/auth/logout', { method: 'POST', session: second })).status).toBe(204);

    const entries = await adminAudit(server, admin, { userId: person.user.id });
    only(entries, 'auth.signup', { actorId: person.user.id });
    const signin = only(entries, 'auth.signin', { actorId: person.user.id });
    expect(signin).toMatchObject({ at: isoTimestamp, actorName: person.user.name, letterId: null, ip: expect.stringMatching(/127\.0\.0\.1/) });
    const failed = only(entries, 'auth.signin_failed');
    expect(failed.targetUserId).toBe(person.user.id);
    expect(failed.detail).toMatchObject({ email: person.user.email });
    only(entries, 'auth.signout', { actorId: person.user.id });

    // A failed sign-in for an unknown email is recorded too, with the email tried.
    const all = await adminAudit(server, admin, { action: 'auth.signin_failed' });
    expect(all.some((entry) => entry.detail.email === unknownEmail)).toBe(true);
    expect(JSON.stringify(all)).not.toContain(wrong);
  });

  it('letter opened, status changed, members invited, re-roled and removed, invites accepted and revoked', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const editor = await createUser(server);
    const letter = await createLetter(server, owner);
    const member = await addMember(server, owner, letter.id, editor, 'viewer');
    expect(member.role).toBe('viewer');
    await changeRole(server, owner, letter.id, editor.user.id, 'editor');
    expect((await requestJson(server, `/api/letters/${letter.id}`, { session: editor })).status).toBe(200);
    // A letter goes into review by asking someone to review it.
    expect((await requestJson(server, `/api/letters/${letter.id}/reviews`, { method: 'POST', session: owner, body: { reviewerId: editor.user.id } })).status).toBe(201);
    const invitedEmail = uniqueEmail('invited');
    const invite = await inviteEmail(server, owner, letter.id, invitedEmail, 'commenter');
    const invited = await createUser(server, { email: invitedEmail });
    expect((await requestJson(server, `/api/invites/${inviteTokenOf(invite.link)}/accept`, { method: 'POST', session: invited })).status).toBe(200);
    const revoked = await inviteEmail(server, owner, letter.id, uniqueEmail('revoked'), 'viewer');
    expect((await requestJson(server, `/api/letters/${letter.id}/invites/${revoked.id}`, { method: 'DELETE', session: owner })).status).toBe(204);
    expect((await requestJson(server, `/api/letters/${letter.id}/members/${editor.user.id}`, { method: 'DELETE', session: owner })).status).toBe(204);

    const entries = await letterAudit(server, owner, letter.id);
    for (const entry of entries) expect(entry.letterId).toBe(letter.id);
    only(entries, 'letter.created', { actorId: owner.user.id });
    expect(only(entries, 'letter.opened', { actorId: editor.user.id })).toMatchObject({ actorName: editor.user.name });
    // Sharing is an invite, whoever it is for; joining is its acceptance, by the one who joins.
    const accepted = entries.filter((entry) => entry.action === 'invite.accepted');
    expect(accepted.find((entry) => entry.actorId === editor.user.id)).toMatchObject({ targetUserId: editor.user.id, detail: { role: 'viewer' } });
    expect(only(entries, 'member.role_changed')).toMatchObject({ actorId: owner.user.id, targetUserId: editor.user.id, detail: { from: 'viewer', to: 'editor' } });
    expect(only(entries, 'letter.status_changed')).toMatchObject({ actorId: owner.user.id, detail: { from: 'draft', to: 'in_review' } });
    expect(entries.filter((entry) => entry.action === 'member.invited')).toHaveLength(3);
    expect(accepted.map((entry) => entry.actorId).sort()).toEqual([editor.user.id, invited.user.id].sort());
    only(entries, 'invite.revoked', { actorId: owner.user.id });
    expect(only(entries, 'member.removed')).toMatchObject({ actorId: owner.user.id, targetUserId: editor.user.id });
    for (const entry of entries) expect(AUDIT_ACTIONS).toContain(entry.action);
  });

  it('is append-only: the database refuses to change or delete entries', async () => {
    const server = await resources.startServer();
    const admin = await createUser(server);
    const connection = openTestDatabase(server.database, { writable: true });
    resources.defer(() => connection.close());
    await expect(connection.db.updateTable('audit_log').set({ action: 'auth.signin' }).execute()).rejects.toThrow(/append-only/);
    await expect(connection.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    expect((await adminAudit(server, admin)).map((entry) => entry.action)).toEqual(['auth.signup']);
  });
});

describe('who reads what', () => {
  it('an owner reads their letter\'s entries only, newest first; other members are refused', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const editor = await createUser(server);
    const [letter, other] = [await createLetter(server, owner), await createLetter(server, owner)];
    await addMember(server, owner, letter.id, editor, 'editor');
    for (let i = 0; i < 3; i += 1) expect((await requestJson(server, `/api/letters/${letter.id}`, { session: owner })).status).toBe(200);
    expect((await requestJson(server, `/api/letters/${other.id}`, { session: owner })).status).toBe(200);

    const entries = await letterAudit(server, owner, letter.id);
    expect(entries.every((entry) => entry.letterId === letter.id)).toBe(true);
    expect(entries.filter((entry) => entry.action === 'letter.opened')).toHaveLength(3);
    const ids = entries.map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(entries.some((entry) => entry.action.startsWith('auth.'))).toBe(false);

    expect((await expectApiError(await requestJson(server, `/api/letters/${letter.id}/audit`, { session: editor }), 403)).code).toBe('forbidden');
    expect((await expectApiError(await requestJson(server, `/api/letters/${other.id}/audit`, { session: editor }), 404)).code).toBe('not_found');
  });

  it('filters by action and pages with limit and before', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    for (let i = 0; i < 5; i += 1) expect((await requestJson(server, `/api/letters/${letter.id}`, { session: owner })).status).toBe(200);

    const opened = await letterAudit(server, owner, letter.id, { action: 'letter.opened' });
    expect(opened).toHaveLength(5);
    expect(opened.every((entry) => entry.action === 'letter.opened')).toBe(true);
    const firstPage = await letterAudit(server, owner, letter.id, { action: 'letter.opened', limit: 2 });
    expect(firstPage).toEqual(opened.slice(0, 2));
    const secondPage = await letterAudit(server, owner, letter.id, { action: 'letter.opened', limit: 2, before: firstPage.at(-1)?.id });
    expect(secondPage).toEqual(opened.slice(2, 4));
  });

  it('an administrator reads every entry, filters by letter, person and action; an administrator who is not a member still cannot open the letter', async () => {
    const server = await resources.startServer();
    const admin = await createUser(server);
    const alice = await createUser(server);
    const bob = await createUser(server);
    const [aliceLetter, bobLetter] = [await createLetter(server, alice), await createLetter(server, bob)];

    const all = await adminAudit(server, admin);
    expect(all.filter((entry) => entry.action === 'auth.signup')).toHaveLength(3);
    expect(all.filter((entry) => entry.action === 'letter.created').map((entry) => entry.letterId).sort()).toEqual([aliceLetter.id, bobLetter.id].sort());
    expect((await adminAudit(server, admin, { letterId: bobLetter.id })).map((entry) => [entry.action, entry.actorId])).toEqual([['letter.created', bob.user.id]]);
    expect((await adminAudit(server, admin, { userId: alice.user.id })).every((entry) => entry.actorId === alice.user.id || entry.targetUserId === alice.user.id)).toBe(true);
    expect((await adminAudit(server, admin, { action: 'letter.created', limit: 1 })).map((entry) => entry.letterId)).toEqual([bobLetter.id]);
    expect((await requestJson(server, `/api/letters/${aliceLetter.id}`, { session: admin })).status).toBe(404);
  });
});

describe('what is never recorded', () => {
  it('no letter text, password, session token or invite token appears in any entry, as JSON or CSV', async () => {
    const server = await resources.startServer();
    const admin = await createUser(server);
    const owner = await createUser(server);
    const editor = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, editor, 'editor');
    const invite = await inviteEmail(server, owner, letter.id, uniqueEmail('invited'), 'viewer');
    const wrongPassword = uniquePassword();
    expect((await requestJson(server, '/api/auth/login', { method: 'POST', body: { email: owner.user.email, password: wrongPassword } })).status).toBe(401);
    const again = await signIn(server, owner);

    // Letter text written through sync, by an editor and by a viewer whose edit is rejected.
    const viewer = await createUser(server);
    await addMember(server, owner, letter.id, viewer, 'viewer');
    const body = `Confidential diagnosis ${randomUUID()}`;
    const rejectedBody = `Rejected diagnosis ${randomUUID()}`;
    const [writer, reader] = await connectSyncedPair(resources, server, letter.id, editor, viewer);
    appendParagraph(writer.doc, body);
    await waitUntil(() => expect(blockTexts(reader.doc)).toContain(body));
    appendParagraph(reader.doc, rejectedBody);
    await waitUntil(async () => expect((await letterAudit(server, owner, letter.id, { action: 'sync.edit_rejected' })).length).toBeGreaterThan(0));

    const json = JSON.stringify(await adminAudit(server, admin, { limit: 1000 }));
    const csvResponse = await requestJson(server, '/api/admin/audit?format=csv&limit=1000', { session: admin });
    expect(csvResponse.status).toBe(200);
    const csv = await csvResponse.text();
    const ownerJson = JSON.stringify(await letterAudit(server, owner, letter.id, { limit: 1000 }));
    const secrets = {
      body,
      rejectedBody,
      'owner password': owner.password,
      'wrong password': wrongPassword,
      'owner session': owner.token,
      'second session': again.token,
      'second session secret': again.token.split('.')[1] ?? '',
      'invite token': inviteTokenOf(invite.link),
    };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length).toBeGreaterThan(10);
      for (const [where, text] of [['admin JSON', json], ['admin CSV', csv], ['owner JSON', ownerJson]] as const) {
        expect(text.includes(secret), `${name} in the ${where}`).toBe(false);
      }
    }
    // The log does record these events (so the search above looked at something).
    expect(json).toContain('sync.edit_rejected');
    expect(json).toContain('auth.signin_failed');
  });
});
