/**
 * Redis killed and started again while people type on two instances: every edit still reaches
 * the store and each instance's own clients during the outage; once Redis is back, both instances
 * reload from the store and ask each other to, so everyone converges on every edit, including a
 * room first loaded during the outage; and once quiet, nothing keeps circulating. One instance cut
 * off alone (its publishing connection dropped) asks the other to reload what it missed. Sockets
 * whose access changed while the close messages could not cross are closed once Redis is back.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseReason } from '../../../shared/protocol';
import { createUser } from '../../helpers/accounts';
import { requestJson } from '../../helpers/http';
import { addMember, createLetter } from '../../helpers/letters';
import type { TestClient, TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { appendParagraph, blockTexts } from '../../helpers/ydoc';
import type { RedisProcess } from './redisProcess';
import { startRedisProcess } from './redisProcess';
import { clusterServicesConfigured, countBusMessages, startTwoInstances } from './twoInstances';

const resources = useTestResources();

/** How long a quiet cluster is watched for messages that should not be there. */
const QUIET_WATCH_MS = 2_000;

/** Types `count` lines into a client, yielding between them so the servers store and publish as they go. */
async function type(client: TestClient, prefix: string, count: number, typed: string[]): Promise<void> {
  for (let k = 0; k < count; k += 1) {
    const text = `${prefix} ${k}`;
    appendParagraph(client.doc, text);
    typed.push(text);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The typed lines a client's document lacks. */
function missing(client: TestClient, lines: readonly string[]): string[] {
  const present = new Set(blockTexts(client.doc));
  return lines.filter((line) => !present.has(line));
}

function recoveries(server: TestServer): number {
  return server.logger.entries.filter((entry) => entry.level === 'info' && entry.args[0] === 'redis is back; reloading rooms from the store').length;
}

describe.skipIf(!clusterServicesConfigured)('Redis restarting during editing', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedisProcess();
  });
  afterAll(async () => {
    await redis.kill();
  });

  it('converges on every edit afterwards, and nothing loops once it is quiet', async () => {
    const { a, b, databaseUrl } = await startTwoInstances(resources, redis.url);
    const owner = await createUser(a);
    const letter = await createLetter(a, owner);
    const otherLetter = await createLetter(a, owner);
    const onA = resources.connect(a, letter.id, { session: owner });
    const onB = resources.connect(b, letter.id, { session: owner });
    const otherOnA = resources.connect(a, otherLetter.id, { session: owner });
    await Promise.all([onA, onB, otherOnA].map(({ provider }) => waitForSynced(provider)));
    const typed: string[] = [];
    const typedOther: string[] = [];

    await Promise.all([type(onA, 'A before', 20, typed), type(onB, 'B before', 20, typed)]);
    await waitUntil(() => expect(blockTexts(onB.doc)).toEqual(blockTexts(onA.doc)));

    await redis.kill();
    await Promise.all([type(onA, 'A during', 30, typed), type(onB, 'B during', 30, typed), type(otherOnA, 'other during', 10, typedOther)]);
    // A room first loaded on B while Redis is down.
    const otherOnB = resources.connect(b, otherLetter.id, { session: owner });
    await waitForSynced(otherOnB.provider);
    await type(otherOnA, 'other still during', 10, typedOther);

    await redis.start();
    await Promise.all([type(onA, 'A after', 20, typed), type(onB, 'B after', 20, typed), type(otherOnB, 'other after', 10, typedOther)]);

    await waitUntil(() => expect(recoveries(a)).toBeGreaterThan(0), 30_000);
    await waitUntil(() => expect(recoveries(b)).toBeGreaterThan(0), 30_000);
    await waitUntil(() => {
      expect(missing(onA, typed)).toEqual([]);
      expect(blockTexts(onB.doc)).toEqual(blockTexts(onA.doc));
      expect(missing(otherOnA, typedOther)).toEqual([]);
      expect(blockTexts(otherOnB.doc)).toEqual(blockTexts(otherOnA.doc));
    }, 30_000);

    // Quiet now: no update, resync or other control message may keep going round.
    const counter = await countBusMessages(resources, redis.url);
    await new Promise((resolve) => setTimeout(resolve, QUIET_WATCH_MS));
    const quiet = counter.counts();
    expect(quiet.updates).toBe(0);
    expect(quiet.control).toEqual([]);
    // Presence renewals are the only traffic: a few per client at most.
    expect(quiet.awareness).toBeLessThanOrEqual(8);

    // The store holds it all: a third instance that loads the letters from it alone has every line.
    const c = await resources.startServer({ databaseUrl, redisUrl: redis.url });
    for (const [id, lines] of [[letter.id, typed], [otherLetter.id, typedOther]] as const) {
      const fresh = resources.connect(c, id, { session: owner });
      await waitForSynced(fresh.provider);
      expect(missing(fresh, lines)).toEqual([]);
    }
  }, 120_000);

  it('an instance whose publishes were lost asks the other to reload, which then has every edit', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const owner = await createUser(a);
    const letter = await createLetter(a, owner);
    const onA = resources.connect(a, letter.id, { session: owner });
    const onB = resources.connect(b, letter.id, { session: owner });
    await Promise.all([onA, onB].map(({ provider }) => waitForSynced(provider)));

    const admin = new Redis(redis.url);
    admin.on('error', () => {});
    resources.defer(() => admin.disconnect());
    // A started first, so its publisher has the lower id; its name stays the same across reconnects.
    const publishers = parseClients(String(await admin.call('CLIENT', 'LIST'))).filter((client) => client.name.startsWith('casewrite:publisher:'));
    const aPublisher = publishers.toSorted((x, y) => x.id - y.id)[0]?.name ?? '';
    const cutOffA = async () => {
      const current = parseClients(String(await admin.call('CLIENT', 'LIST'))).find((client) => client.name === aPublisher);
      if (current) await admin.call('CLIENT', 'KILL', 'ID', String(current.id));
    };

    const typed: string[] = [];
    for (let k = 0; k < 60; k += 1) {
      if (k === 10 || k === 35) await cutOffA();
      appendParagraph(onA.doc, `A ${k}`);
      typed.push(`A ${k}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await waitUntil(() => expect(missing(onB, typed)).toEqual([]), 30_000);
    expect(blockTexts(onB.doc)).toEqual(blockTexts(onA.doc));
    expect(recoveries(a)).toBeGreaterThan(0);
    // B never lost its own connections: the resync from A is what made it reload.
    expect(recoveries(b)).toBe(0);
  }, 60_000);

  it('closes, once Redis is back, the sockets of people removed, demoted or signed out while it was away', async () => {
    const { a, b } = await startTwoInstances(resources, redis.url);
    const owner = await createUser(a);
    const [removed, demoted, signedOut, stays] = [await createUser(a), await createUser(a), await createUser(a), await createUser(a)];
    const letter = await createLetter(a, owner);
    for (const person of [removed, demoted, signedOut, stays]) await addMember(a, owner, letter.id, person, 'editor');
    const clients = [removed, demoted, signedOut, stays].map((person) => resources.connect(b, letter.id, { session: person }));
    await Promise.all(clients.map(({ provider }) => waitForSynced(provider)));
    const closes = clients.map((client) => closeCodes(client));

    await redis.kill();
    // Made on A while B cannot hear about them: the close messages go nowhere.
    expect((await requestJson(a, `/api/letters/${letter.id}/members/${removed.user.id}`, { method: 'DELETE', session: owner })).status).toBe(204);
    expect((await requestJson(a, `/api/letters/${letter.id}/members/${demoted.user.id}`, { method: 'PATCH', session: owner, body: { role: 'viewer' } })).status).toBe(200);
    expect((await requestJson(a, '/api/auth/logout', { method: 'POST', session: signedOut })).status).toBe(204);
    expect(closes.map((codes) => codes.length)).toEqual([0, 0, 0, 0]);

    await redis.start();
    await waitUntil(() => expect(recoveries(b)).toBeGreaterThan(0), 30_000);
    await waitUntil(() => {
      expect(closes[0]?.[0]).toBe(CloseReason.accessEnded.code);
      expect(closes[1]?.[0]).toBe(CloseReason.roleChanged.code);
      expect(closes[2]?.[0]).toBe(CloseReason.unauthenticated.code);
    }, 30_000);
    expect(closes[3]).toEqual([]);
  }, 60_000);
});

it.skipIf(!clusterServicesConfigured)('closes on the other instance a removal made while only its own instance was cut off', async () => {
  const redis = await startRedisProcess();
  resources.defer(() => redis.kill());
  const { a, b } = await startTwoInstances(resources, redis.url);
  const owner = await createUser(a);
  const removed = await createUser(a);
  const letter = await createLetter(a, owner);
  await addMember(a, owner, letter.id, removed, 'editor');
  const client = resources.connect(b, letter.id, { session: removed });
  await waitForSynced(client.provider);
  const closes = closeCodes(client);

  const admin = new Redis(redis.url);
  admin.on('error', () => {});
  resources.defer(() => admin.disconnect());
  const publishers = parseClients(String(await admin.call('CLIENT', 'LIST'))).filter((entry) => entry.name.startsWith('casewrite:publisher:'));
  // A started first, so its publisher has the lower id; the name stays the same across reconnects.
  const aPublisher = publishers.toSorted((x, y) => x.id - y.id)[0]?.name ?? '';
  // Keeps A's publishing connection down while A removes the member, so A's close message is lost.
  let cutting = true;
  const cutter = (async () => {
    while (cutting) {
      const current = parseClients(String(await admin.call('CLIENT', 'LIST'))).find((entry) => entry.name === aPublisher);
      if (current) await admin.call('CLIENT', 'KILL', 'ID', String(current.id));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect((await requestJson(a, `/api/letters/${letter.id}/members/${removed.user.id}`, { method: 'DELETE', session: owner })).status).toBe(204);
  cutting = false;
  await cutter;

  // B never lost Redis; A's resync, once A is back, makes B check its sockets again.
  await waitUntil(() => expect(closes[0]).toBe(CloseReason.accessEnded.code), 30_000);
  expect(recoveries(a)).toBeGreaterThan(0);
  expect(recoveries(b)).toBe(0);
}, 60_000);

/** The close codes a client's socket receives, as they come. */
function closeCodes(client: TestClient): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code);
  });
  return codes;
}

/** The id and name of each connection in a CLIENT LIST reply. */
function parseClients(list: string): { id: number; name: string }[] {
  return list
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const fields = new Map(line.trim().split(' ').map((field) => [field.slice(0, field.indexOf('=')), field.slice(field.indexOf('=') + 1)]));
      return { id: Number(fields.get('id')), name: fields.get('name') ?? '' };
    });
}
