/** `GET /api/me` and `PATCH /api/me`: who is signed in, and changing one's own name and profession. */
import { describe, expect, it } from 'vitest';
import type { User } from '../../../shared/auth';
import { AccountLimits } from '../../../shared/auth';
import { createUser, signIn } from '../../helpers/accounts';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();

describe('GET /api/me', () => {
  it('answers 401 unauthenticated without a session, and with a made-up one', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    expect((await expectApiError(await requestJson(server, '/api/me'), 401)).code).toBe('unauthenticated');
    const [id] = account.token.split('.');
    for (const cookie of ['casewrite_session=nonsense', `casewrite_session=${id}.${'a'.repeat(24)}`, `casewrite_session=${id}`]) {
      expect((await expectApiError(await requestJson(server, '/api/me', { session: { cookie } }), 401)).code).toBe('unauthenticated');
    }
  });

  it('answers 200 {user} for the signed-in person, never a password or hash', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    const response = await requestJson(server, '/api/me', { session: account });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ user: account.user });
    expect(text).not.toMatch(/password|hash|argon/i);
  });
});

describe('PATCH /api/me', () => {
  it('changes the name and the profession, seen by every session of that person', async () => {
    const server = await resources.startServer();
    const account = await createUser(server, { profession: 'organizer' });
    const other = await signIn(server, account);
    const { user } = await expectJson<{ user: User }>(
      requestJson(server, '/api/me', { method: 'PATCH', session: account, body: { name: '  Dr. Amara Okafor  ', profession: 'physician' } }),
      200,
    );
    expect(user).toEqual({ ...account.user, name: 'Dr. Amara Okafor', profession: 'physician' });
    expect(await expectJson(requestJson(server, '/api/me', { session: other }), 200)).toEqual({ user });

    const renamed = await expectJson<{ user: User }>(requestJson(server, '/api/me', { method: 'PATCH', session: account, body: { name: 'Amara' } }), 200);
    expect(renamed.user).toEqual({ ...user, name: 'Amara' });
  });

  it.each([
    ['nothing to change', {}],
    ['a blank name', { name: '  ' }],
    ['a name that is too long', { name: 'n'.repeat(AccountLimits.maxNameLength + 1) }],
    ['an unknown profession', { profession: 'astronaut' }],
    ['a field that cannot be changed here', { email: 'new@casewrite.test' }],
    ['a field that must never be changed by its owner', { isAdmin: true }],
  ])('refuses %s with 400 and changes nothing', async (_case, body) => {
    const server = await resources.startServer();
    await createUser(server); // the administrator, so the account below is not one
    const account = await createUser(server);
    await expectApiError(await requestJson(server, '/api/me', { method: 'PATCH', session: account, body }), 400);
    expect(await expectJson(requestJson(server, '/api/me', { session: account }), 200)).toEqual({ user: account.user });
  });

  it('answers 401 without a session', async () => {
    const server = await resources.startServer();
    await expectApiError(await requestJson(server, '/api/me', { method: 'PATCH', body: { name: 'Nobody' } }), 401);
  });
});

describe('GET /api/auth/session', () => {
  it('answers 200 {user: null} without a valid session, so that a signed-out page load fails no request', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    expect(await expectJson(requestJson(server, '/api/auth/session'), 200)).toEqual({ user: null });
    const [id] = account.token.split('.');
    expect(await expectJson(requestJson(server, '/api/auth/session', { session: { cookie: `casewrite_session=${id}.${'a'.repeat(24)}` } }), 200)).toEqual({ user: null });
  });

  it('answers 200 {user} for the signed-in person, as GET /api/me does', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    expect(await expectJson(requestJson(server, '/api/auth/session', { session: account }), 200)).toEqual({ user: account.user });
  });
});
