/**
 * Failed sign-ins are rate limited per account and address (5 in 15 minutes), per client address
 * (20 in 15 minutes) and per account from addresses that never signed in to it (100 in 15
 * minutes): past a limit even the right password gets 429 with a Retry-After. None of them lets
 * an attacker elsewhere lock the real person out.
 */
import { describe, expect, it } from 'vitest';
import { createUser, sessionTokenOf, uniqueEmail, uniquePassword } from '../../helpers/accounts';
import type { HttpTarget } from '../../helpers/http';
import { expectApiError, requestJson } from '../../helpers/http';
import { RequestLimits } from '../../../shared/limits';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();
const WINDOW_SECONDS = 15 * 60;

function login(server: HttpTarget, email: string, password: string): Promise<Response> {
  return requestJson(server, '/api/auth/login', { method: 'POST', body: { email, password } });
}

/** Asserts a 429 rate_limited answer with a Retry-After of whole seconds within the window, and no session. */
async function expectRateLimited(response: Response): Promise<void> {
  const retryAfter = response.headers.get('retry-after');
  expect(sessionTokenOf(response)).toBeNull();
  expect((await expectApiError(response, 429)).code).toBe('rate_limited');
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThan(0);
  expect(Number(retryAfter)).toBeLessThanOrEqual(WINDOW_SECONDS);
}

describe('sign-in rate limiting', () => {
  it('stops an address guessing an account after 5 failures, even against the right password, and leaves other accounts alone', async () => {
    const server = await resources.startServer();
    const target = await createUser(server);
    const bystander = await createUser(server);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await expectApiError(await login(server, target.user.email, uniquePassword()), 401)).code).toBe('invalid_credentials');
    }
    await expectRateLimited(await login(server, target.user.email, target.password));
    // The same account in another spelling is the same account.
    await expectRateLimited(await login(server, target.user.email.toUpperCase(), target.password));
    expect((await login(server, bystander.user.email, bystander.password)).status).toBe(200);
    // The existing session is not affected by the lock.
    expect((await requestJson(server, '/api/me', { session: target })).status).toBe(200);
  });

  it('four failures then a success do not lock the account', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    for (let attempt = 1; attempt <= 4; attempt += 1) await expectApiError(await login(server, account.user.email, uniquePassword()), 401);
    expect((await login(server, account.user.email, account.password)).status).toBe(200);
    await expectApiError(await login(server, account.user.email, uniquePassword()), 401);
    expect((await login(server, account.user.email, account.password)).status).toBe(200);
  });

  it('limits an address after 20 failures spread over many accounts', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    // 20 different emails, each failing once: no single account reaches its own limit.
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      await expectApiError(await login(server, uniqueEmail('guess'), uniquePassword()), 401);
    }
    await expectRateLimited(await login(server, account.user.email, account.password));
    await expectRateLimited(await login(server, uniqueEmail('guess'), uniquePassword()));
  });

  it('behind a trusted proxy, counts each forwarded client by its own address', async () => {
    // The test's requests come from 127.0.0.1: here that is the load balancer in front of the instances.
    const server = await resources.startServer({ trustedProxies: ['127.0.0.1'] });
    const account = await createUser(server);
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      await expectApiError(await loginFrom(server, '203.0.113.7', uniqueEmail('guess'), uniquePassword()), 401);
    }
    await expectRateLimited(await loginFrom(server, '203.0.113.7', account.user.email, account.password));
    // Everyone else behind the same proxy signs in as usual; what a client wrote further left does not count.
    expect((await loginFrom(server, 'spoofed, 203.0.113.8', account.user.email, account.password)).status).toBe(200);
  });

  it('ignores X-Forwarded-For from anyone who is not a trusted proxy', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      await expectApiError(await loginFrom(server, `203.0.113.${attempt}`, uniqueEmail('guess'), uniquePassword()), 401);
    }
    // All twenty came from this socket's address, whatever the header claimed.
    await expectRateLimited(await loginFrom(server, '198.51.100.1', account.user.email, account.password));
  });
});

describe('sign-in limits never lock the real person out', () => {
  it("an attacker's failures from another address do not stop the real person signing in from theirs", async () => {
    const server = await resources.startServer({ trustedProxies: ['127.0.0.1'] });
    const victim = await createUser(server);
    const attacker = '203.0.113.66';
    for (let attempt = 1; attempt <= RequestLimits.signInFailuresPerAccountAddress.max; attempt += 1) {
      await expectApiError(await loginFrom(server, attacker, victim.user.email, uniquePassword()), 401);
    }
    // The attacker is stopped on this account, the real person at their own address is not.
    await expectRateLimited(await loginFrom(server, attacker, victim.user.email, uniquePassword()));
    expect((await loginFrom(server, '198.51.100.20', victim.user.email, victim.password)).status).toBe(200);
  });

  it('past 100 failures from many addresses, stops unknown addresses but lets a known one sign in', async () => {
    const server = await resources.startServer({ trustedProxies: ['127.0.0.1'] });
    const victim = await createUser(server);
    const home = '198.51.100.30';
    expect((await loginFrom(server, home, victim.user.email, victim.password)).status).toBe(200);
    // A botnet: 5 failures from each of 20 addresses, each address within its own limits.
    const perAddress = RequestLimits.signInFailuresPerAccountAddress.max;
    for (let bot = 0; bot < RequestLimits.signInFailuresPerAccount.max / perAddress; bot += 1) {
      for (let attempt = 0; attempt < perAddress; attempt += 1) {
        await expectApiError(await loginFrom(server, `203.0.113.${bot + 1}`, victim.user.email, uniquePassword()), 401);
      }
    }
    // Any new address is stopped on this account now, even with the right password...
    await expectRateLimited(await loginFrom(server, '203.0.113.200', victim.user.email, victim.password));
    // ...but the address the person signed in from before still signs in.
    expect((await loginFrom(server, home, victim.user.email, victim.password)).status).toBe(200);
  });

  it('a burst of guesses sent at once gets no more than the limit through', async () => {
    const server = await resources.startServer();
    const target = await createUser(server);
    const answers = await Promise.all(Array.from({ length: 30 }, () => login(server, target.user.email, uniquePassword())));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(RequestLimits.signInFailuresPerAccountAddress.max);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30 - RequestLimits.signInFailuresPerAccountAddress.max);
  });
});

function loginFrom(server: HttpTarget, forwardedFor: string, email: string, password: string): Promise<Response> {
  return requestJson(server, '/api/auth/login', { method: 'POST', body: { email, password }, headers: { 'X-Forwarded-For': forwardedFor } });
}
