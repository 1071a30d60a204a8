/**
 * What must never be written down: passwords (not in the database in any readable form),
 * session secrets and invite tokens (only their SHA-256 is stored), and none of them in the log.
 */
import { createHash } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { createUser, sessionTokenOf, signIn, uniqueEmail, uniquePassword } from '../../helpers/accounts';
import { readableForms, readDatabaseBytes } from '../../helpers/database';
import { encodeFrame } from '../../helpers/frames';
import { requestJson } from '../../helpers/http';
import { createLetter, inviteEmail, inviteTokenOf } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { waitUntil } from '../../helpers/wait';

const resources = useTestResources();

/** Asserts that none of `secrets` appears in `bytes` in any readable form. */
function expectAbsent(bytes: Buffer, secrets: Record<string, string>, where: string): void {
  for (const [name, secret] of Object.entries(secrets)) {
    for (const form of readableForms(secret)) {
      expect(bytes.includes(form), `${name} (${form.toString('latin1').slice(0, 40)}) found in ${where}`).toBe(false);
    }
  }
}

describe('secrets at rest and in the log', () => {
  it('stores no password, session secret or invite token readably, and logs none of them', async () => {
    const server = await resources.startServer();
    // Distinctive passwords, so a hit cannot be a coincidence.
    const owner = await createUser(server, { password: `owner-secret-${uniquePassword()}` });
    const second = await signIn(server, owner);
    const letter = await createLetter(server, owner);

    // A failed sign-in with a wrong password (which must not be kept either).
    const wrongPassword = `wrong-secret-${uniquePassword()}`;
    expect((await requestJson(server, '/api/auth/login', { method: 'POST', body: { email: owner.user.email, password: wrongPassword } })).status).toBe(401);

    // An invite, previewed, and used to sign up; and one that stays pending.
    const email = uniqueEmail('invited');
    const invite = await inviteEmail(server, owner, letter.id, email, 'editor');
    const inviteToken = inviteTokenOf(invite.link);
    const pending = await inviteEmail(server, owner, letter.id, uniqueEmail('pending'), 'viewer');
    const pendingToken = inviteTokenOf(pending.link);
    expect((await requestJson(server, `/api/invites/${inviteToken}`)).status).toBe(200);
    const invited = await createUser(server, { email, inviteToken, password: `invited-secret-${uniquePassword()}` });
    expect((await requestJson(server, `/api/letters/${letter.id}`, { session: invited })).status).toBe(200);

    // A sign-up refused for a taken email still carried a password.
    const refusedPassword = `refused-secret-${uniquePassword()}`;
    const refused = await requestJson(server, '/api/auth/signup', { method: 'POST', body: { email: owner.user.email, password: refusedPassword, name: 'Again' } });
    expect(refused.status).toBe(409);

    // A socket that misbehaves makes the server log a warning (so the log is known to be recording).
    const socket = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: second });
    await socket.opened;
    socket.ws.send(encodeFrame((encoder) => encoding.writeVarUint(encoder, 42)));
    await socket.closed;
    await waitUntil(() => expect(server.logger.entries.length).toBeGreaterThan(0));

    // Signing out sends the token one last time.
    const logout = await requestJson(server, '/api/auth/logout', { method: 'POST', session: second });
    expect(logout.status).toBe(204);
    expect(sessionTokenOf(logout)).toBeNull();

    const secrets: Record<string, string> = {
      'owner password': owner.password,
      'invited password': invited.password,
      'wrong password': wrongPassword,
      'refused password': refusedPassword,
      'invite token': inviteToken,
      'pending invite token': pendingToken,
    };
    for (const [name, token] of [['sign-up session', owner.token], ['sign-in session', second.token], ['invited session', invited.token]] as const) {
      secrets[`${name} token`] = token;
      secrets[`${name} secret`] = token.split('.')[1] ?? '';
    }
    for (const secret of Object.values(secrets)) expect(secret.length).toBeGreaterThanOrEqual(16);

    // The log: every argument of every entry, serialised.
    const log = Buffer.from(JSON.stringify(server.logger.entries, (_key, value: unknown) => (value instanceof Error ? { message: value.message, stack: value.stack } : value)));
    expectAbsent(log, secrets, 'the server log');

    // The database, while running (on SQLite the WAL holds the recent writes) and after shutdown.
    const running = await readDatabaseBytes(server.database);
    // A positive control: what is stored in the clear (an email) is found by the same scan.
    expect(running.includes(Buffer.from(owner.user.email))).toBe(true);
    expectAbsent(running, secrets, 'the database files of the running server');
    // Sessions are kept as a SHA-256 of their secret: the open session's hash is there.
    const secretHash = createHash('sha256').update(owner.token.split('.')[1] ?? '').digest();
    expect((await readDatabaseBytes(server.database)).includes(secretHash)).toBe(true);

    await server.stop();
    expectAbsent(await readDatabaseBytes(server.database), secrets, 'the database files after shutdown');
  });
});
