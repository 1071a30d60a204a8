/** `/api/auth/*` and `/api/me`: sign-up, sign-in, sign-out and the signed-in person's profile. */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { LoginSchema, ProfileUpdateSchema, SignupSchema, SignupVerifySchema } from '../../shared/auth';
import { CloseReason } from '../../shared/protocol';
import { recordAudit } from '../audit/store';
import type { ConnectionRegistry } from '../collab/connections';
import type { Database } from '../db/schema';
import { findUsableInvite } from '../members/invites';
import type { AppEnv } from '../http/context';
import { clientAddress } from '../http/context';
import { ApiException, notFound } from '../http/errors';
import { rateLimited, takeFromLimits } from '../http/throttle';
import type { Mailer } from '../mail/mailer';
import { validate } from '../http/validate';
import { requestAddressCheck } from './addressCheck';
import { clearSessionCookie, requireAuth, setSessionCookie } from './middleware';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './passwords';
import type { Limiters } from './rateLimit';
import { admitSignIn, recordSignInFailure, recordSignInSuccess } from './signInLimits';
import { createSession, invalidateSession } from './sessions';
import { deletePendingSignupsFor, findPendingSignup } from './signupVerifications';
import { createAccount, emailTaken, findUserByEmail, toProfession, toUser, updateProfile } from './users';

/** What the auth routes need. */
export interface AuthRouteDeps {
  db: Kysely<Database>;
  signup: 'open' | 'invite';
  secureCookies: boolean;
  connections: ConnectionRegistry;
  /** Rate limits on sign-ups and sign-ins (shared through Redis when there are several instances). */
  limiters: Limiters;
  /** With mail, sign-ups confirm their address before an account exists. */
  mailer?: Mailer;
  /** The app's public origin, for links in mails. */
  publicOrigin: () => string;
}

/** Builds `/api/auth` (mounted there) and `/api/me` (mounted at /api). */
export function createAuthRoutes({ db, signup, secureCookies, connections, limiters, mailer, publicOrigin }: AuthRouteDeps) {
  const auth = new Hono<AppEnv>()
    // The app's probe on load: signed out is an answer here, not a failure (GET /api/me says 401).
    .get('/session', (c) => c.json({ user: c.get('auth')?.user ?? null }))
    .post('/signup', validate('json', SignupSchema), async (c) => {
      const body = c.req.valid('json');
      const invite = body.inviteToken ? await findUsableInvite(db, body.inviteToken) : null;
      const invited = invite !== null && invite.email === body.email;
      if (signup === 'invite' && !invited) {
        throw new ApiException(403, 'signup_closed', 'Sign-up is by invitation only: use the link in your invite.');
      }
      await takeFromLimits(c, [[limiters.signupsPerAddress, clientAddress(c) ?? 'unknown']], 'Too many accounts were created from this network.');
      // With mail, an address becomes an account's only through its mailbox: the mailed link of an
      // invite to it, or a confirmation mailed now (answered alike whether or not it has an account).
      if (mailer && !(invite && invited && invite.emailed_at !== null)) {
        return c.json(await requestAddressCheck({ db, mailer, publicOrigin }, body), 202);
      }
      // Without mail, an address cannot be checked, and an instant sign-up cannot hide that one is
      // taken: it says so plainly (README, "Email addresses"). Addresses grant nothing by themselves.
      if (await findUserByEmail(db, body.email)) throw emailTaken();
      const passwordHash = await hashPassword(body.password);
      const ip = clientAddress(c);
      const user = await createAccount(db, { ...body, passwordHash }, ip, invite && invited ? invite : null);
      const { token } = await createSession(db, user.id);
      setSessionCookie(c, token, secureCookies);
      // With an accepted invite, the client goes straight into that letter.
      return c.json({ user, ...(invite && invited ? { letterId: invite.letter_id } : {}) }, 201);
    })
    // The confirmation link of a sign-up (mail configured), with the password chosen then.
    .post('/verify', validate('json', SignupVerifySchema), async (c) => {
      const { token, password } = c.req.valid('json');
      const pending = await findPendingSignup(db, token);
      if (!pending) throw notFound('This confirmation link is not valid: it may have expired or been used. Sign up again to get a new one.');
      if (!(await verifyPassword(pending.password_hash, password))) {
        throw new ApiException(403, 'wrong_password', 'This is not the password chosen when signing up. If you did not sign up, ignore the mail.');
      }
      const account = { email: pending.email, name: pending.name, profession: toProfession(pending.profession), passwordHash: pending.password_hash };
      const user = await createAccount(db, account, clientAddress(c), null).finally(() => deletePendingSignupsFor(db, pending.email));
      const session = await createSession(db, user.id);
      setSessionCookie(c, session.token, secureCookies);
      return c.json({ user }, 201);
    })
    .post('/login', validate('json', LoginSchema), async (c) => {
      const { email, password } = c.req.valid('json');
      const ip = clientAddress(c);
      const waitMs = await admitSignIn(limiters, email, ip);
      if (waitMs > 0) throw rateLimited(c, waitMs, 'Too many failed sign-ins.');
      const row = await findUserByEmail(db, email);
      // Verify against a dummy hash for unknown emails: same answer, same time.
      const ok = await verifyPassword(row?.password_hash ?? DUMMY_PASSWORD_HASH, password);
      if (!row || !ok) {
        await recordSignInFailure(limiters, email, ip);
        await recordAudit(db, { action: 'auth.signin_failed', targetUserId: row?.id ?? null, detail: { email }, ip });
        throw new ApiException(401, 'invalid_credentials', 'Email or password is incorrect.');
      }
      await recordSignInSuccess(limiters, email, ip);
      const { token } = await createSession(db, row.id);
      await recordAudit(db, { action: 'auth.signin', actorId: row.id, ip });
      setSessionCookie(c, token, secureCookies);
      return c.json({ user: toUser(row) });
    })
    .post('/logout', async (c) => {
      const { user, session } = requireAuth(c);
      await invalidateSession(db, session.id);
      connections.closeWhere({ sessionId: session.id }, CloseReason.unauthenticated);
      await recordAudit(db, { action: 'auth.signout', actorId: user.id, ip: clientAddress(c) });
      clearSessionCookie(c, secureCookies);
      return c.body(null, 204);
    });

  const me = new Hono<AppEnv>()
    .get('/', (c) => c.json({ user: requireAuth(c).user }))
    .patch('/', validate('json', ProfileUpdateSchema), async (c) => {
      const { user } = requireAuth(c);
      const updated = await updateProfile(db, user.id, c.req.valid('json'));
      return c.json({ user: updated ?? user });
    });

  return { auth, me };
}
