/** Reads the session cookie once per request, and guards routes that need a signed-in person. */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import { SESSION_COOKIE } from '../../shared/auth';
import type { Database } from '../db/schema';
import type { Auth, AppEnv } from '../http/context';
import { ApiException } from '../http/errors';
import { SESSION_INACTIVITY_MS, validateSessionToken } from './sessions';

/** Sets `c.var.auth` from the session cookie (null when there is none or it is not valid). */
export function loadSession(db: Kysely<Database>, secureCookies: boolean) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const result = token ? await validateSessionToken(db, token) : null;
    c.set('auth', result);
    if (token && !result) clearSessionCookie(c, secureCookies);
    // A session in use is extended; the cookie's lifetime follows it.
    if (token && result?.session.refreshed) setSessionCookie(c, token, secureCookies);
    await next();
  });
}

/** The signed-in person, or a 401. */
export function requireAuth(c: Context<AppEnv>): Auth {
  const auth = c.get('auth');
  if (!auth) throw new ApiException(401, 'unauthenticated', 'Sign in to continue.');
  return auth;
}

/** Sends the session cookie: HttpOnly, SameSite=Lax, Path=/, Secure on https. */
export function setSessionCookie(c: Context, token: string, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure,
    maxAge: Math.floor(SESSION_INACTIVITY_MS / 1000),
  });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}
