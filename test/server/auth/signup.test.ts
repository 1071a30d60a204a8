/**
 * `POST /api/auth/signup`: an account and a session in one step; the first account administers;
 * one account per email (without mail configured, a taken address is said plainly: see the README's
 * "Email addresses"; with mail, see addressCheck.test.ts); every input problem named; and with
 * SIGNUP=invite, only invite links open it.
 */
import { describe, expect, it } from 'vitest';
import type { User } from '../../../shared/auth';
import { AccountLimits } from '../../../shared/auth';
import type { Letter } from '../../../shared/letters';
import { createUser, sessionTokenOf, signupBody, uniqueEmail } from '../../helpers/accounts';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { createLetter, inviteEmail, inviteTokenOf } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();

describe('open sign-up', () => {
  it('answers 201 {user} with a session cookie that signs the new account in', async () => {
    const server = await resources.startServer();
    const body = signupBody({ profession: 'physician' });
    const response = await requestJson(server, '/api/auth/signup', { method: 'POST', body });
    expect(response.status).toBe(201);
    const token = sessionTokenOf(response);
    expect(token).toMatch(/^[^.;\s]+\.[^.;\s]+$/);
    const { user } = (await response.json()) as { user: User }; // asserted right below
    expect(user).toEqual({ id: expect.any(String), email: body.email, name: body.name, profession: 'physician', isAdmin: true });
    expect(JSON.stringify(user)).not.toContain(body.password);

    const me = await expectJson<{ user: User }>(requestJson(server, '/api/me', { session: { cookie: `casewrite_session=${token}` } }), 200);
    expect(me.user).toEqual(user);
  });

  it('makes the first account an administrator and no later one', async () => {
    const server = await resources.startServer();
    const first = await createUser(server);
    const second = await createUser(server);
    const third = await createUser(server);
    expect([first.user.isAdmin, second.user.isAdmin, third.user.isAdmin]).toEqual([true, false, false]);
    // Also as /api/me reports it, and still after a restart.
    const dataDir = server.dataDir;
    await server.stop();
    const again = await resources.startServer({ dataDir });
    const meFirst = await expectJson<{ user: User }>(requestJson(again, '/api/me', { session: first }), 200);
    const meSecond = await expectJson<{ user: User }>(requestJson(again, '/api/me', { session: second }), 200);
    expect([meFirst.user.isAdmin, meSecond.user.isAdmin]).toEqual([true, false]);
  });

  it('makes exactly one administrator when the first sign-ups arrive at the same moment', async () => {
    const server = await resources.startServer();
    const users = await Promise.all([0, 1, 2, 3, 4].map(() => createUser(server)));
    expect(users.filter(({ user }) => user.isAdmin)).toHaveLength(1);
  });

  it('answers 409 email_taken, not a server error, when two sign-ups for one email arrive at the same moment', async () => {
    const server = await resources.startServer();
    const body = signupBody();
    const responses = await Promise.all([0, 1, 2].map(() => requestJson(server, '/api/auth/signup', { method: 'POST', body })));
    const outcomes = await Promise.all(
      responses.map(async (response) => `${response.status} ${((await response.json()) as { error?: { code: string } }).error?.code ?? ''}`.trim()), // the body is {user} or the error shape
    );
    expect(outcomes.sort()).toEqual(['201', '409 email_taken', '409 email_taken']);
  });

  it('trims and lower-cases the email, and defaults the profession to other', async () => {
    const server = await resources.startServer();
    const email = uniqueEmail('Mixed.Case');
    const { profession: _profession, ...body } = signupBody({ email: `  ${email.toUpperCase()}  ` });
    const { user } = await expectJson<{ user: User }>(requestJson(server, '/api/auth/signup', { method: 'POST', body }), 201);
    expect(user.email).toBe(email.toLowerCase());
    expect(user.profession).toBe('other');
  });

  it('refuses a second account for the same email (in any case) with 409 email_taken', async () => {
    const server = await resources.startServer();
    const existing = await createUser(server);
    for (const email of [existing.user.email, existing.user.email.toUpperCase()]) {
      const response = await requestJson(server, '/api/auth/signup', { method: 'POST', body: signupBody({ email }) });
      expect((await expectApiError(response, 409)).code).toBe('email_taken');
      expect(sessionTokenOf(response)).toBeNull();
    }
    // The original password still signs in: nothing was overwritten.
    const login = await requestJson(server, '/api/auth/login', { method: 'POST', body: { email: existing.user.email, password: existing.password } });
    expect(login.status).toBe(200);
  });

  it.each([
    ['a missing email', { email: undefined }, /email/],
    ['an invalid email', { email: 'not-an-email' }, /valid email/],
    ['an email that is too long', { email: `${'a'.repeat(AccountLimits.maxEmailLength)}@example.org` }, /email/],
    ['a missing password', { password: undefined }, /password/],
    ['a password one character too short', { password: 'x'.repeat(AccountLimits.minPasswordLength - 1) }, new RegExp(`at least ${AccountLimits.minPasswordLength}`)],
    ['a password that is too long', { password: 'x'.repeat(AccountLimits.maxPasswordLength + 1) }, /password/],
    ['a missing name', { name: undefined }, /name/],
    ['a blank name', { name: '   ' }, /name/],
    ['a name that is too long', { name: 'n'.repeat(AccountLimits.maxNameLength + 1) }, /name/],
    // Names the field or lists the valid choices.
    ['an unknown profession', { profession: 'astronaut' }, /profession|organizer.*physician.*lawyer.*other/],
    ['an unknown field', { isAdmin: true }, /isAdmin|unrecognized|unknown/i],
  ])('refuses %s with 400 and a message that says what is wrong, creating nothing', async (_case, change, message) => {
    const server = await resources.startServer();
    const body: Record<string, unknown> = { ...signupBody(), ...change };
    const response = await requestJson(server, '/api/auth/signup', { method: 'POST', body: JSON.stringify(body) });
    const error = await expectApiError(response, 400);
    expect(error.message).toMatch(message);
    expect(sessionTokenOf(response)).toBeNull();
    // Nothing was created: the next valid sign-up is still the first account, the administrator.
    expect((await createUser(server)).user.isAdmin).toBe(true);
  });

  it('accepts a password of exactly the minimum length', async () => {
    const server = await resources.startServer();
    // Ten characters that pass the password rule (its refusals are in passwordRule.test.ts).
    const user = await createUser(server, { password: 'Q8v!ramp2k' });
    expect('Q8v!ramp2k').toHaveLength(AccountLimits.minPasswordLength);
    expect(user.user.email).toContain('@');
  });

  it('refuses a sign-up from a foreign origin with 403', async () => {
    const server = await resources.startServer();
    const response = await requestJson(server, '/api/auth/signup', { method: 'POST', body: signupBody(), origin: 'http://evil.example' });
    expect((await expectApiError(response, 403)).code).toBe('forbidden_origin');
    expect(sessionTokenOf(response)).toBeNull();
  });
});

describe('invite-only sign-up (SIGNUP=invite)', () => {
  it('refuses sign-up without an invite with 403 signup_closed', async () => {
    const server = await resources.startServer({ signup: 'invite' });
    const response = await requestJson(server, '/api/auth/signup', { method: 'POST', body: signupBody() });
    expect((await expectApiError(response, 403)).code).toBe('signup_closed');
    expect(sessionTokenOf(response)).toBeNull();
  });

  it('lets an invited email sign up with its token (joining the letter), and nobody else with that token', async () => {
    const dataDir = await resources.tempDir();
    // The first account is made while sign-up is open, as an installation would be set up.
    const open = await resources.startServer({ dataDir });
    const owner = await createUser(open);
    await open.stop();

    const server = await resources.startServer({ dataDir, signup: 'invite' });
    const letter = await createLetter(server, owner);
    const email = uniqueEmail('invited');
    const invite = await inviteEmail(server, owner, letter.id, email, 'editor');
    const inviteToken = inviteTokenOf(invite.link);

    // Another email with this token, a made-up token, and the right email without a token are all refused.
    for (const body of [signupBody({ inviteToken }), signupBody({ email, inviteToken: `${inviteToken}x` }), signupBody({ email })]) {
      const response = await requestJson(server, '/api/auth/signup', { method: 'POST', body });
      expect((await expectApiError(response, 403)).code).toBe('signup_closed');
    }

    const invited = await createUser(server, { email, inviteToken });
    expect(invited.user).toMatchObject({ email, isAdmin: false });
    const { letter: seen } = await expectJson<{ letter: Letter }>(requestJson(server, `/api/letters/${letter.id}`, { session: invited }), 200);
    expect(seen.role).toBe('editor');

    // The token is used up.
    const again = await requestJson(server, '/api/auth/signup', { method: 'POST', body: signupBody({ email: uniqueEmail(), inviteToken }) });
    expect((await expectApiError(again, 403)).code).toBe('signup_closed');
  });
});
