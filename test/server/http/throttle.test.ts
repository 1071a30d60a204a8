/**
 * The throttles of RequestLimits, with their production values: sign-ups per client address,
 * letters created per account, join-code attempts per account and per address. Past a limit the
 * answer is 429 `rate_limited` with a Retry-After and a message saying when to try again; nothing
 * is created. With REDIS_URL set, the servers count in a Redis of this file's own (the limiter
 * several instances share), and a last test shows two instances sharing one count.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestLimits } from '../../../shared/limits';
import { JOIN_CODE_ALPHABET, WorkshopLimits } from '../../../shared/workshops';
import { createUser, signupBody } from '../../helpers/accounts';
import type { HttpTarget, Session } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import type { ServerOptions } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { createWorkshop, joinWorkshopRequest } from '../../helpers/workshops';
import type { RedisProcess } from '../cluster/redisProcess';
import { startRedisProcess } from '../cluster/redisProcess';

const resources = useTestResources();
let redis: RedisProcess | null = null;

beforeAll(async () => {
  if (process.env.REDIS_URL) redis = await startRedisProcess();
});
afterAll(async () => {
  await redis?.kill();
});

/** A server behind a "proxy" (the test, on 127.0.0.1) so each test can speak from addresses of its own. */
function startServer(options: Partial<ServerOptions> = {}) {
  return resources.startServer({ trustedProxies: ['127.0.0.1'], ...(redis ? { redisUrl: redis.url } : {}), ...options });
}

/** An address no other test in this file uses (they may share one Redis). */
function uniqueAddress(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${1 + randomInt(254)}`;
}

function signUpFrom(server: HttpTarget, address: string): Promise<Response> {
  return requestJson(server, '/api/auth/signup', { method: 'POST', body: signupBody(), headers: { 'X-Forwarded-For': address } });
}

function createLetterRequest(server: HttpTarget, session: Session): Promise<Response> {
  return requestJson(server, '/api/letters', { method: 'POST', session, body: { title: 'Release request' } });
}

function joinFrom(server: HttpTarget, session: Session, address: string, code: string): Promise<Response> {
  return requestJson(server, '/api/workshops/join', { method: 'POST', session, body: { code }, headers: { 'X-Forwarded-For': address } });
}

/** A code that is not `real`. */
function wrongCode(real: string): string {
  for (;;) {
    const code = Array.from({ length: WorkshopLimits.joinCodeLength }, () => JOIN_CODE_ALPHABET.charAt(randomInt(JOIN_CODE_ALPHABET.length))).join('');
    if (code !== real) return code;
  }
}

/** Asserts the 429 shape: rate_limited, a Retry-After within the window, a message that says when to try again. */
async function expectThrottled(response: Response, windowMs: number, refused: RegExp): Promise<void> {
  const retryAfter = Number(response.headers.get('retry-after'));
  const error = await expectApiError(response, 429);
  expect(error.code).toBe('rate_limited');
  expect(error.message).toMatch(refused);
  expect(error.message).toMatch(/Try again in \d+ (minute|minutes|hours)\./);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowMs / 1000);
}

describe('sign-up', () => {
  it('lets a whole workshop sign up from one address, then refuses past the hourly limit', async () => {
    const server = await startServer();
    const clinic = uniqueAddress();
    const { max, windowMs } = RequestLimits.signupsPerAddress;
    expect(max).toBeGreaterThanOrEqual(30 * 2);
    for (let person = 0; person < max; person += 1) expect((await signUpFrom(server, clinic)).status).toBe(201);
    const refused = await signUpFrom(server, clinic);
    expect(refused.headers.getSetCookie()).toEqual([]);
    await expectThrottled(refused, windowMs, /Too many accounts were created from this network/);
    // Someone elsewhere is not affected.
    expect((await signUpFrom(server, uniqueAddress())).status).toBe(201);
  }, 60_000);
});

describe('letter creation', () => {
  it('refuses an account past its hourly limit, and nothing is created; other accounts go on', async () => {
    const server = await startServer();
    const author = await createUser(server);
    const { max, windowMs } = RequestLimits.lettersPerAccount;
    for (let index = 0; index < max; index += 1) expect((await createLetterRequest(server, author)).status).toBe(201);
    await expectThrottled(await createLetterRequest(server, author), windowMs, /created many letters/);
    const { letters } = await expectJson<{ letters: unknown[] }>(requestJson(server, '/api/letters', { session: author }), 200);
    expect(letters).toHaveLength(max);
    expect((await createLetterRequest(server, await createUser(server))).status).toBe(201);
  }, 60_000);
});

describe('join codes', () => {
  it('300 guesses from one account: 429 after the limit, even for the right code; others still join', async () => {
    const server = await startServer();
    const facilitator = await createUser(server);
    const workshop = await createWorkshop(server, facilitator);
    const guesser = await createUser(server);
    const address = uniqueAddress();
    const statuses: number[] = [];
    for (let guess = 0; guess < 300; guess += 1) statuses.push((await joinFrom(server, guesser, address, wrongCode(workshop.joinCode))).status);
    const { max, windowMs } = RequestLimits.joinAttemptsPerAccount;
    expect(statuses.slice(0, max).every((status) => status === 404)).toBe(true);
    expect(statuses.slice(max).every((status) => status === 429)).toBe(true);
    await expectThrottled(await joinFrom(server, guesser, address, workshop.joinCode), windowMs, /Too many join codes/);
    // A participant at another address joins as usual.
    const participant = await createUser(server);
    expect((await joinFrom(server, participant, uniqueAddress(), workshop.joinCode)).status).toBe(200);
  });

  it('limits an address across accounts, and a burst at once gets no more than the limit through', async () => {
    const server = await startServer();
    const facilitator = await createUser(server);
    const workshop = await createWorkshop(server, facilitator);
    const address = uniqueAddress();
    const perAccount = RequestLimits.joinAttemptsPerAccount.max;
    const { max, windowMs } = RequestLimits.joinAttemptsPerAddress;
    const accounts = await Promise.all(Array.from({ length: Math.ceil(max / perAccount) + 1 }, () => createUser(server)));
    // Every account sends its whole allowance at once.
    const answers = await Promise.all(accounts.flatMap((account) => Array.from({ length: perAccount + 5 }, () => joinFrom(server, account, address, wrongCode(workshop.joinCode)))));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 404)).toHaveLength(max);
    expect(statuses.filter((status) => status !== 404 && status !== 429)).toEqual([]);
    const fresh = await createUser(server);
    await expectThrottled(await joinFrom(server, fresh, address, workshop.joinCode), windowMs, /Too many join codes/);
  });

  it('a participant who opens the join link again and again stays joined', async () => {
    const server = await startServer();
    const facilitator = await createUser(server);
    const workshop = await createWorkshop(server, facilitator);
    const participant = await createUser(server);
    for (let visit = 0; visit < 5; visit += 1) expect((await joinWorkshopRequest(server, participant, workshop.joinCode)).status).toBe(200);
  });
});

describe.skipIf(!process.env.REDIS_URL)('several instances', () => {
  it('share one count through Redis', async () => {
    const limits = { signupsPerAddress: { max: 3, windowMs: 60 * 60 * 1000 } };
    const [first, second] = [await startServer({ limits }), await startServer({ limits })];
    if (!first || !second) throw new Error('two servers expected');
    const address = uniqueAddress();
    expect((await signUpFrom(first, address)).status).toBe(201);
    expect((await signUpFrom(second, address)).status).toBe(201);
    expect((await signUpFrom(first, address)).status).toBe(201);
    await expectThrottled(await signUpFrom(second, address), limits.signupsPerAddress.windowMs, /Too many accounts/);
  });
});
