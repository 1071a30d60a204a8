/**
 * `POST /api/auth/login`: a correct email and password open a new session; an unknown email and a
 * wrong password get the very same answer, so the endpoint does not reveal who has an account.
 */
import { describe, expect, it } from 'vitest';
import type { User } from '../../../shared/auth';
import { createUser, sessionFromToken, sessionTokenOf, uniqueEmail, uniquePassword } from '../../helpers/accounts';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();

describe('sign-in', () => {
  it('answers 200 {user} with a new session, separate from the sign-up session', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    const response = await requestJson(server, '/api/auth/login', { method: 'POST', body: { email: account.user.email, password: account.password } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: account.user });
    const token = sessionTokenOf(response);
    expect(token).not.toBeNull();
    expect(token).not.toBe(account.token);

    const me = await expectJson<{ user: User }>(requestJson(server, '/api/me', { session: sessionFromToken(token ?? '') }), 200);
    expect(me.user).toEqual(account.user);
    // The sign-up session still works too.
    expect((await requestJson(server, '/api/me', { session: account })).status).toBe(200);
  });

  it('accepts the email in another case and with surrounding spaces', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    const response = await requestJson(server, '/api/auth/login', {
      method: 'POST',
      body: { email: ` ${account.user.email.toUpperCase()} `, password: account.password },
    });
    expect(response.status).toBe(200);
    expect(sessionTokenOf(response)).not.toBeNull();
  });

  it('gives an unknown email and a wrong password the same 401 invalid_credentials, with no session', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    const wrongPassword = await requestJson(server, '/api/auth/login', { method: 'POST', body: { email: account.user.email, password: uniquePassword() } });
    const unknownEmail = await requestJson(server, '/api/auth/login', { method: 'POST', body: { email: uniqueEmail('nobody'), password: account.password } });
    expect(sessionTokenOf(wrongPassword)).toBeNull();
    expect(sessionTokenOf(unknownEmail)).toBeNull();
    const [first, second] = [await expectApiError(wrongPassword, 401), await expectApiError(unknownEmail, 401)];
    expect(first.code).toBe('invalid_credentials');
    expect(second).toEqual(first);
  });

  it('is refused when the password is a prefix of the right one', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    const response = await requestJson(server, '/api/auth/login', { method: 'POST', body: { email: account.user.email, password: account.password.slice(0, -1) } });
    expect((await expectApiError(response, 401)).code).toBe('invalid_credentials');
  });

  it('refuses a sign-in from a foreign origin with 403 and no session (no login CSRF)', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    const response = await requestJson(server, '/api/auth/login', {
      method: 'POST',
      origin: 'http://evil.example',
      body: { email: account.user.email, password: account.password },
    });
    expect((await expectApiError(response, 403)).code).toBe('forbidden_origin');
    expect(sessionTokenOf(response)).toBeNull();
  });

  it.each([
    ['no email', { password: 'whatever-password' }],
    ['an invalid email', { email: 'nope', password: 'whatever-password' }],
    ['no password', { email: 'someone@casewrite.test' }],
    ['an empty password', { email: 'someone@casewrite.test', password: '' }],
  ])('refuses %s with 400', async (_case, body) => {
    const server = await resources.startServer();
    await expectApiError(await requestJson(server, '/api/auth/login', { method: 'POST', body }), 400);
  });
});
