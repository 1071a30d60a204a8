/** `POST /api/auth/logout`: ends exactly the session that asks, and clears its cookie. */
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../../shared/auth';
import { createUser, sessionSetCookieOf, signIn } from '../../helpers/accounts';
import { expectApiError, requestJson } from '../../helpers/http';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();

describe('sign-out', () => {
  it('answers 204, clears the cookie, and the session no longer works anywhere', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    const letter = await createLetter(server, account);
    const response = await requestJson(server, '/api/auth/logout', { method: 'POST', session: account });
    expect(response.status).toBe(204);
    const cleared = sessionSetCookieOf(response);
    expect(cleared).not.toBeNull();
    // Cleared: an empty value that expires now.
    expect(cleared).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);

    expect((await expectApiError(await requestJson(server, '/api/me', { session: account }), 401)).code).toBe('unauthenticated');
    await expectApiError(await requestJson(server, `/api/letters/${letter.id}`, { session: account }), 401);
    await expectApiError(await requestJson(server, '/api/auth/logout', { method: 'POST', session: account }), 401);
  });

  it('ends only its own session: the same person signed in elsewhere stays signed in', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    const elsewhere = await signIn(server, account);
    expect((await requestJson(server, '/api/auth/logout', { method: 'POST', session: account })).status).toBe(204);
    expect((await requestJson(server, '/api/me', { session: elsewhere })).status).toBe(200);
  });

  it('answers 401 without a session', async () => {
    const server = await resources.startServer();
    expect((await expectApiError(await requestJson(server, '/api/auth/logout', { method: 'POST' }), 401)).code).toBe('unauthenticated');
  });

  it('refuses a sign-out from a foreign origin with 403, leaving the session alive', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    const response = await requestJson(server, '/api/auth/logout', { method: 'POST', session: account, origin: 'http://evil.example' });
    await expectApiError(response, 403);
    expect((await requestJson(server, '/api/me', { session: account })).status).toBe(200);
  });
});
