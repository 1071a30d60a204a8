/**
 * The session cookie and the session's lifetime: HttpOnly, SameSite=Lax, Path=/, a lifetime of the
 * 14-day inactivity limit, Secure exactly when the app's origin is https; and sessions that end
 * after 14 days without use and slide while in use. Nobody waits 14 days: the tests age the
 * session's row in the database (as time would) and check what the server does.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../../shared/auth';
import { createUser, sessionSetCookieOf, signupBody } from '../../helpers/accounts';
import { openTestDatabase } from '../../helpers/database';
import type { HttpTarget } from '../../helpers/http';
import { expectApiError, requestJson } from '../../helpers/http';
import type { TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();
const FOURTEEN_DAYS_SECONDS = 14 * 24 * 60 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The attributes of a Set-Cookie header, names lower-cased. */
function cookieAttributes(header: string): Map<string, string> {
  const [, ...attributes] = header.split(';');
  return new Map(
    attributes.map((attribute) => {
      const [name = '', ...value] = attribute.trim().split('=');
      return [name.toLowerCase(), value.join('=')];
    }),
  );
}

/** Signs up and signs in again, returning both Set-Cookie headers of the session cookie. */
async function sessionCookies(server: HttpTarget): Promise<string[]> {
  const body = signupBody();
  const signup = await requestJson(server, '/api/auth/signup', { method: 'POST', body });
  expect(signup.status).toBe(201);
  const login = await requestJson(server, '/api/auth/login', { method: 'POST', body: { email: body.email, password: body.password } });
  expect(login.status).toBe(200);
  return [signup, login].map((response) => {
    const header = sessionSetCookieOf(response);
    expect(header, 'a session cookie').not.toBeNull();
    return header ?? '';
  });
}

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/, lives 14 days, and is not Secure on http', async () => {
    const server = await resources.startServer();
    for (const header of await sessionCookies(server)) {
      expect(header.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
      const attributes = cookieAttributes(header);
      expect(attributes.has('httponly')).toBe(true);
      expect(attributes.get('samesite')?.toLowerCase()).toBe('lax');
      expect(attributes.get('path')).toBe('/');
      expect(attributes.has('secure')).toBe(false);
      expect(attributes.has('domain')).toBe(false);
      expect(Number(attributes.get('max-age'))).toBe(FOURTEEN_DAYS_SECONDS);
      const expires = attributes.get('expires');
      if (expires !== undefined) {
        expect(Math.abs(Date.parse(expires) - (Date.now() + FOURTEEN_DAYS_SECONDS * 1000))).toBeLessThan(60_000);
      }
    }
  });

  it('is Secure when the app is served over https', async () => {
    const server = await resources.startServer({ origin: 'https://casewrite.example' });
    expect(server.origin).toBe('https://casewrite.example');
    for (const header of await sessionCookies(server)) {
      const attributes = cookieAttributes(header);
      expect(attributes.has('secure')).toBe(true);
      expect(attributes.has('httponly')).toBe(true);
      expect(attributes.get('samesite')?.toLowerCase()).toBe('lax');
    }
  });
});

/** Kysely over a writable connection of the test's own, closed after the test. */
function openDatabase(server: TestServer) {
  const connection = openTestDatabase(server.database, { writable: true });
  resources.defer(() => connection.close());
  return connection.db;
}

/** The session id: the part of the token before the dot (only a hash of the part after it is stored). */
function sessionIdOf(token: string): string {
  return token.split('.')[0] ?? '';
}

/** Makes a session look last used `daysAgo` days ago. */
async function ageSession(server: TestServer, token: string, daysAgo: number): Promise<void> {
  const then = Math.round(Date.now() - daysAgo * DAY_MS);
  const changed = await openDatabase(server)
    .updateTable('sessions')
    .set({ last_verified_at: then, created_at: sql<number>`CASE WHEN created_at < ${then} THEN created_at ELSE ${then} END` })
    .where('id', '=', sessionIdOf(token))
    .executeTakeFirst();
  expect(changed.numUpdatedRows).toBe(1n);
}

describe('session expiry', () => {
  it('refuses a session idle for more than 14 days, and clears its cookie', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    await ageSession(server, account.token, 14.01);
    const response = await requestJson(server, '/api/me', { session: account });
    const cleared = sessionSetCookieOf(response);
    expect((await expectApiError(response, 401)).code).toBe('unauthenticated');
    expect(cleared).toMatch(/^casewrite_session=;/);
    // And it stays refused: the expired session is gone, not merely skipped once.
    expect((await requestJson(server, '/api/me', { session: account })).status).toBe(401);
  });

  it('keeps a session idle for 13 days and slides it: the cookie is sent again and the clock restarts', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    await ageSession(server, account.token, 13);
    const response = await requestJson(server, '/api/me', { session: account });
    expect(response.status).toBe(200);
    const refreshed = sessionSetCookieOf(response);
    expect(refreshed).toMatch(new RegExp(`^casewrite_session=${account.token.replace(/[.]/g, '\\.')};`));
    expect(refreshed).toMatch(/Max-Age=1209600/);
    const row = await openDatabase(server).selectFrom('sessions').select('last_verified_at').where('id', '=', sessionIdOf(account.token)).executeTakeFirst();
    expect(Date.now() - (row?.last_verified_at ?? 0)).toBeLessThan(DAY_MS);
  });

  it('refuses a session whose row is gone (ended elsewhere), on the API and on letters', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    expect((await requestJson(server, '/api/me', { session: account })).status).toBe(200);
    const deleted = await openDatabase(server).deleteFrom('sessions').where('id', '=', sessionIdOf(account.token)).executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(1n);
    expect((await expectApiError(await requestJson(server, '/api/me', { session: account }), 401)).code).toBe('unauthenticated');
    await expectApiError(await requestJson(server, '/api/letters', { session: account }), 401);
  });

  it('refuses a token whose id is right but whose secret is not', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    const [id, secret = ''] = account.token.split('.');
    const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
    await expectApiError(await requestJson(server, '/api/me', { session: { cookie: `casewrite_session=${forged}` } }), 401);
    expect((await requestJson(server, '/api/me', { session: account })).status).toBe(200);
  });
});
