/**
 * Sign-up when the server sends mail (SMTP_URL, MAIL_FROM): an account exists only once the link
 * mailed to its address is used with the password chosen at sign-up, and the answer to a sign-up
 * is the same whether or not the address already has an account (its holder gets a notice instead).
 * Mail goes through a real SMTP server in the test process.
 */
import { describe, expect, it } from 'vitest';
import type { User } from '../../../shared/auth';
import { createUser, sessionFromToken, sessionTokenOf, signupBody } from '../../helpers/accounts';
import type { HttpTarget } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { linkIn, startMailbox } from '../../helpers/mailbox';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();

/** The token at the end of a confirmation link (`<origin>/verify/<token>`). */
function verifyTokenOf(link: string): string {
  const match = /\/verify\/([^/?#\s]+)$/.exec(link);
  expect(match, `confirmation link ${link}`).not.toBeNull();
  return match?.[1] ?? '';
}

function verify(server: HttpTarget, token: string, password: string) {
  return requestJson(server, '/api/auth/verify', { method: 'POST', body: { token, password } });
}

function login(server: HttpTarget, email: string, password: string) {
  return requestJson(server, '/api/auth/login', { method: 'POST', body: { email, password } });
}

async function startWithMail(options: { origin?: string; signup?: 'open' | 'invite'; dataDir?: string } = {}) {
  const mailbox = await startMailbox(resources);
  const server = await resources.startServer({ ...options, mail: mailbox.settings });
  return { mailbox, server };
}

describe('sign-up with mail configured', () => {
  it('answers 202 without a session, mails a link that creates the account with the password chosen', async () => {
    const { mailbox, server } = await startWithMail({ origin: 'https://casewrite.example' });
    const body = signupBody({ profession: 'lawyer' });
    const response = await requestJson(server, '/api/auth/signup', { method: 'POST', body, origin: 'https://casewrite.example' });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ verification: { email: body.email } });
    expect(sessionTokenOf(response)).toBeNull();
    // No account yet: the password does not sign in.
    expect((await login(server, body.email, body.password)).status).not.toBe(200);

    const mail = await mailbox.waitForMail(body.email, /Confirm your email/);
    expect(mail.from).toBe('Casewrite <casewrite@casewrite.test>');
    const link = linkIn(mail, '/verify/');
    expect(link).toMatch(/^https:\/\/casewrite\.example\/verify\/[a-z0-9]{40,}$/);
    const token = verifyTokenOf(link);

    const confirmed = await requestJson(server, '/api/auth/verify', { method: 'POST', body: { token, password: body.password }, origin: 'https://casewrite.example' });
    expect(confirmed.status).toBe(201);
    const { user } = (await confirmed.json()) as { user: User }; // asserted below
    expect(user).toMatchObject({ email: body.email, name: body.name, profession: 'lawyer', isAdmin: true });
    const session = sessionTokenOf(confirmed);
    expect(session).not.toBeNull();
    const me = await expectJson<{ user: User }>(requestJson(server, '/api/me', { session: sessionFromToken(session ?? '') }), 200);
    expect(me.user.id).toBe(user.id);
    expect((await login(server, body.email, body.password)).status).toBe(200);
    // Used up.
    await expectApiError(await verify(server, token, body.password), 404);
  });

  it('answers a sign-up with an address that has an account exactly as a new one, and mails its holder a notice instead', async () => {
    const mailbox = await startMailbox(resources);
    // An account made while mail was off (the same data, started again with mail).
    const plain = await resources.startServer();
    const existing = await createUser(plain);
    await plain.stop();
    const again = await resources.startServer({ dataDir: plain.dataDir, mail: mailbox.settings });

    const fresh = signupBody();
    const taken = signupBody({ email: existing.user.email.toUpperCase() });
    const answers = [];
    for (const body of [fresh, taken]) {
      const response = await requestJson(again, '/api/auth/signup', { method: 'POST', body });
      answers.push({ status: response.status, body: JSON.stringify(await response.json()).replace(body.email.toLowerCase(), '<email>'), cookie: sessionTokenOf(response), headers: [...response.headers.keys()].sort() });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0]?.status).toBe(202);

    const notice = await mailbox.waitForMail(existing.user.email, /tried to create/);
    expect(notice.text).toMatch(/already have one/);
    expect(notice.text).not.toMatch(/\/verify\//);
    await mailbox.waitForMail(fresh.email, /Confirm your email/);
    // Nothing changed for the existing account.
    expect((await login(again, existing.user.email, existing.password)).status).toBe(200);
    expect((await login(again, existing.user.email, taken.password)).status).toBe(401);
  });

  it('a stranger\'s sign-up with someone\'s address cannot be confirmed by the address\'s holder clicking it, nor by the stranger', async () => {
    const { mailbox, server } = await startWithMail();
    const victim = signupBody();
    const stranger = signupBody({ email: victim.email });
    expect((await requestJson(server, '/api/auth/signup', { method: 'POST', body: stranger })).status).toBe(202);
    const mail = await mailbox.waitForMail(victim.email, /Confirm your email/);
    const token = verifyTokenOf(linkIn(mail, '/verify/'));
    // The holder clicks in good faith and types their own password: refused, no account.
    expect((await expectApiError(await verify(server, token, victim.password), 403)).code).toBe('wrong_password');
    expect((await login(server, victim.email, stranger.password)).status).toBe(401);
    // The stranger has the password but not the link.
    await expectApiError(await verify(server, `${token.slice(0, -4)}aaaa`, stranger.password), 404);

    // The holder signs up themselves and confirms their own link; the stranger's pending sign-up is gone.
    expect((await requestJson(server, '/api/auth/signup', { method: 'POST', body: victim })).status).toBe(202);
    await expect.poll(() => mailbox.mailsTo(victim.email).length).toBe(2);
    const own = verifyTokenOf(linkIn(mailbox.mailsTo(victim.email)[1] ?? mail, '/verify/'));
    expect((await verify(server, own, victim.password)).status).toBe(201);
    await expectApiError(await verify(server, token, stranger.password), 404);
    expect((await login(server, victim.email, stranger.password)).status).toBe(401);
  });

  it('answers 502 mail_failed and creates nothing when the mail server refuses the message', async () => {
    const mailbox = await startMailbox(resources, { refuse: true });
    const server = await resources.startServer({ mail: mailbox.settings });
    const body = signupBody();
    expect((await expectApiError(await requestJson(server, '/api/auth/signup', { method: 'POST', body }), 502)).code).toBe('mail_failed');
    expect((await login(server, body.email, body.password)).status).toBe(401);
    expect(server.logger.entries.some((entry) => entry.level === 'error' && entry.args[0] === 'mail not sent')).toBe(true);
  });
});
