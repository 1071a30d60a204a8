/**
 * Who may open a letter's sync socket (CONTRACT.md "Sync"): the app's Origin is checked before
 * the upgrade (403); then no, expired or signed-out sessions close with 4401, and people who are
 * not members with 4404, exactly like a letter that does not exist. Both the stock provider and a
 * raw socket are refused without receiving any of the letter.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CloseReason } from '../../../shared/protocol';
import { createUser, signIn } from '../../helpers/accounts';
import { openTestDatabase } from '../../helpers/database';
import { requestJson } from '../../helpers/http';
import { createLetter } from '../../helpers/letters';
import type { TestClient } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { appendParagraph, blockTexts } from '../../helpers/ydoc';

const resources = useTestResources();

/** Resolves with the close that made a stock provider stop for good (a 44xx code). */
function finalClose(client: TestClient): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => client.provider.once('closed', (event) => resolve(event)));
}

/** Asserts a stock provider stopped after a final close, having received nothing of the letter. */
function expectStoppedEmpty(client: TestClient): void {
  expect(client.provider.shouldConnect).toBe(false);
  expect(client.provider.synced).toBe(false);
  expect(blockTexts(client.doc)).toEqual([]);
}

describe('sessions on the sync socket', () => {
  it('closes a raw socket without a session with 4401, sending it nothing', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const socket = resources.rawSocket(`${server.syncUrl}/${letter.id}`);
    expect(await socket.closed).toEqual({ code: CloseReason.unauthenticated.code, reason: CloseReason.unauthenticated.reason });
    expect(socket.frames).toEqual([]);
    expect(server.rooms.has(letter.id)).toBe(false);
  });

  it('stops a stock provider without a session with 4401', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const client = resources.connect(server, letter.id);
    expect((await finalClose(client)).code).toBe(CloseReason.unauthenticated.code);
    expectStoppedEmpty(client);
  });

  it('closes a socket whose session is made up or has expired with 4401', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const made = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: { cookie: `casewrite_session=${randomUUID()}.${randomUUID()}` } });
    expect((await made.closed).code).toBe(CloseReason.unauthenticated.code);

    const expiring = await signIn(server, owner);
    const connection = openTestDatabase(server.database, { writable: true });
    resources.defer(() => connection.close());
    const fifteenDaysAgo = Date.now() - 15 * 24 * 60 * 60 * 1000;
    const aged = await connection.db
      .updateTable('sessions')
      .set({ last_verified_at: fifteenDaysAgo, created_at: fifteenDaysAgo })
      .where('id', '=', expiring.token.split('.')[0] ?? '')
      .executeTakeFirst();
    expect(aged.numUpdatedRows).toBe(1n);
    const client = resources.connect(server, letter.id, { session: expiring });
    expect((await finalClose(client)).code).toBe(CloseReason.unauthenticated.code);
    expectStoppedEmpty(client);
    // The owner's other session still works.
    const fresh = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(fresh.provider);
  });

  it('closes an open socket with 4401 once its session expires, leaving the same person\'s other sessions connected', async () => {
    const server = await resources.startServer({ sessionSweepMs: 50 });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const expiring = await signIn(server, owner);
    const client = resources.connect(server, letter.id, { session: expiring });
    const other = resources.connect(server, letter.id, { session: owner });
    await Promise.all([waitForSynced(client.provider), waitForSynced(other.provider)]);
    const stopped = finalClose(client);

    const connection = openTestDatabase(server.database, { writable: true });
    resources.defer(() => connection.close());
    const fifteenDaysAgo = Date.now() - 15 * 24 * 60 * 60 * 1000;
    await connection.db.updateTable('sessions').set({ last_verified_at: fifteenDaysAgo }).where('id', '=', expiring.token.split('.')[0] ?? '').execute();

    expect((await stopped).code).toBe(CloseReason.unauthenticated.code);
    expect(client.provider.shouldConnect).toBe(false);
    expect(other.provider.wsconnected).toBe(true);
  });

  it('signing out closes that session\'s open sockets with 4401 and refuses new ones, leaving other sessions connected', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const laptop = await signIn(server, owner);
    const onLaptop = resources.connect(server, letter.id, { session: laptop });
    const rawOnLaptop = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: laptop });
    const onPhone = resources.connect(server, letter.id, { session: owner });
    await Promise.all([waitForSynced(onLaptop.provider), waitForSynced(onPhone.provider)]);
    await waitUntil(() => expect(rawOnLaptop.frames.length).toBeGreaterThan(0));

    const stopped = finalClose(onLaptop);
    expect((await requestJson(server, '/api/auth/logout', { method: 'POST', session: laptop })).status).toBe(204);
    expect((await stopped).code).toBe(CloseReason.unauthenticated.code);
    expect((await rawOnLaptop.closed).code).toBe(CloseReason.unauthenticated.code);
    expect(onLaptop.provider.shouldConnect).toBe(false);

    const again = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: laptop });
    expect((await again.closed).code).toBe(CloseReason.unauthenticated.code);
    expect(again.frames).toEqual([]);

    // The other session is still connected and syncing.
    expect(onPhone.provider.wsconnected).toBe(true);
    const text = `after the other device signed out ${randomUUID()}`;
    const witness = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(witness.provider);
    appendParagraph(onPhone.doc, text);
    await waitUntil(() => expect(blockTexts(witness.doc)).toContain(text));
  });
});

describe('membership on the sync socket', () => {
  it('closes a non-member exactly like a letter that does not exist (4404), sending nothing', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const outsider = await createUser(server);
    const letter = await createLetter(server, owner);
    const toLetter = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: outsider });
    const toNothing = resources.rawSocket(`${server.syncUrl}/${randomUUID()}`, { session: outsider });
    const [closedLetter, closedNothing] = [await toLetter.closed, await toNothing.closed];
    expect(closedLetter).toEqual({ code: CloseReason.noSuchRoom.code, reason: CloseReason.noSuchRoom.reason });
    expect(closedNothing).toEqual(closedLetter);
    expect(toLetter.frames).toEqual([]);
    expect(server.rooms.has(letter.id)).toBe(false);
  });

  it('stops a non-member\'s stock provider with 4404 while the owner syncs the same letter', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const outsider = await createUser(server);
    const letter = await createLetter(server, owner);
    const ownerClient = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(ownerClient.provider);
    const client = resources.connect(server, letter.id, { session: outsider });
    expect((await finalClose(client)).code).toBe(CloseReason.noSuchRoom.code);
    expectStoppedEmpty(client);
    expect(ownerClient.provider.wsconnected).toBe(true);
  });

  it('the administrator is not a member of other people\'s letters either (4404)', async () => {
    const server = await resources.startServer();
    const admin = await createUser(server);
    expect(admin.user.isAdmin).toBe(true);
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const socket = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: admin });
    expect((await socket.closed).code).toBe(CloseReason.noSuchRoom.code);
  });
});

describe('Origin on the sync socket', () => {
  it.each([
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['a look-alike Origin', { origin: 'http://127.0.0.1.evil.example' }],
  ])('refuses %s with 403 before the upgrade, even with a valid member session', async (_case, options) => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const socket = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner, ...options });
    await expect(socket.opened).rejects.toThrow();
    expect(socket.refusedStatus).toBe(403);
    expect(socket.frames).toEqual([]);
    expect(server.rooms.has(letter.id)).toBe(false);
  });

  it('refuses a socket without an Origin header with 403 before the upgrade', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    // ws sends no Origin unless told to; the helper's default is overridden with undefined.
    const socket = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner, origin: undefined });
    await expect(socket.opened).rejects.toThrow();
    expect(socket.refusedStatus).toBe(403);
  });

  it('with an https public origin, accepts that Origin and refuses the server\'s own http address', async () => {
    const server = await resources.startServer({ origin: 'https://casewrite.example' });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const good = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner, origin: 'https://casewrite.example' });
    await waitUntil(() => expect(good.frames.length).toBeGreaterThan(0));
    expect(good.closeInfo).toBeNull();
    const bad = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner, origin: server.url });
    await expect(bad.opened).rejects.toThrow();
    expect(bad.refusedStatus).toBe(403);
  });
});
