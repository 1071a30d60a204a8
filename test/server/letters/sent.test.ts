/**
 * Marking a letter sent is a freeze: while someone types through the request, the "Sent" version,
 * the send record and the stored document hold exactly the same text, and what is typed after the
 * freeze is not stored. If the send record cannot be written, nothing is: the letter is not sent,
 * has no "Sent" version, and takes edits again.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { STATUS_LABEL } from '../../../shared/letters';
import { CloseReason } from '../../../shared/protocol';
import { createUser } from '../../helpers/accounts';
import { withTestDatabase } from '../../helpers/database';
import { requestJson } from '../../helpers/http';
import { createLetter } from '../../helpers/letters';
import type { TestClient } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { delegatingStore } from '../../helpers/stores';
import type { TestServer } from '../../helpers/resources';
import { blockText, bodyString, listVersions, storedBody, versionBody } from '../../helpers/versions';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { clusterServicesConfigured, createScratchDatabase } from '../cluster/twoInstances';
import { getLetter, getSends, moveToStatus, readSentStates, watchProviderCloses } from '../../helpers/workspace';

const resources = useTestResources();

/** How long each commit of the slow store takes. */
const SLOW_COMMIT_MS = 15;

/** Types one character every couple of milliseconds at the end of the letter's second block until stopped. */
function keepTyping(client: TestClient): { stop(): void; readonly typed: number } {
  let typed = 0;
  const timer = setInterval(() => {
    const text = blockText(client.doc, 1);
    text.insert(text.length, String.fromCharCode(97 + (typed % 26)));
    typed += 1;
  }, 2);
  return {
    stop: () => clearInterval(timer),
    get typed() {
      return typed;
    },
  };
}

/** The body of the letter's "Approved → Sent" version, or null if there is none. */
async function sentVersionBody(server: TestServer, session: Parameters<typeof listVersions>[1], letterId: string): Promise<string | null> {
  const name = `${STATUS_LABEL.approved} → ${STATUS_LABEL.sent}`;
  const version = (await listVersions(server, session, letterId)).find((candidate) => candidate.name === name);
  return version ? versionBody(server, session, letterId, version.id) : null;
}

/** The body of each of the letter's send records, oldest first. */
async function sentBodies(server: TestServer, letterId: string): Promise<string[]> {
  return (await readSentStates(server.database, letterId)).map((doc) => bodyString(doc));
}

describe('marking a letter sent', () => {
  it('freezes the letter: the sent version, the send record and the stored text are the same, and later typing is not stored', async () => {
    // A slow disk: each commit takes a while, so edits keep arriving while the request stores them.
    const server = await resources.startServer({
      wrapDocStore: (store) =>
        delegatingStore(store, {
          append: async (batch) => {
            await new Promise((resolve) => setTimeout(resolve, SLOW_COMMIT_MS));
            return store.append(batch);
          },
        }),
    });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    await moveToStatus(server, owner, letter.id, 'approved');
    const typist = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(typist.provider);
    const closes = watchProviderCloses(typist.provider);
    const typing = keepTyping(typist);
    await waitUntil(async () => expect((await storedBody(server.database, letter.id)).length).toBeGreaterThan(0));
    const typedBefore = typing.typed;
    const response = await requestJson(server, `/api/letters/${letter.id}`, { method: 'PATCH', session: owner, body: { status: 'sent' } });
    expect(response.status).toBe(200);
    // Typing went on through the request, and goes on after it.
    const typedAtResponse = typing.typed;
    await waitUntil(() => expect(typing.typed).toBeGreaterThan(typedAtResponse + 20));
    typing.stop();
    expect(typedAtResponse).toBeGreaterThan(typedBefore);

    const sentVersion = await sentVersionBody(server, owner, letter.id);
    expect(sentVersion).not.toBeNull();
    expect(await sentBodies(server, letter.id)).toEqual([sentVersion]);
    // The typist reconnects read-only and the store takes nothing more: still the sent text.
    expect(closes.codes).toContain(CloseReason.roleChanged.code);
    await waitUntil(() => expect(typist.provider.wsconnected && typist.provider.synced).toBe(true));
    expect(await storedBody(server.database, letter.id)).toBe(sentVersion);
    expect(bodyString(typist.doc)).not.toBe(sentVersion);
    expect(await getLetter(server, owner, letter.id)).toMatchObject({ status: 'sent', frozen: true });
  });

  it('writes nothing when the send record fails: the letter stays approved, with no "Sent" version, and takes edits again', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    await moveToStatus(server, owner, letter.id, 'approved');
    const typist = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(typist.provider);
    // The database refuses every send record, as a full disk or a broken constraint would.
    await withTestDatabase(
      server.database,
      async ({ db }) => {
        if (server.database.engine === 'sqlite') {
          await sql`CREATE TRIGGER refuse_sends BEFORE INSERT ON letter_sends BEGIN SELECT RAISE(ABORT, 'send records refused'); END`.execute(db);
        } else {
          await sql`CREATE FUNCTION refuse_sends() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'send records refused'; END $$`.execute(db);
          await sql`CREATE TRIGGER refuse_sends BEFORE INSERT ON letter_sends FOR EACH ROW EXECUTE FUNCTION refuse_sends()`.execute(db);
        }
      },
      { writable: true },
    );
    const typing = keepTyping(typist);
    const response = await requestJson(server, `/api/letters/${letter.id}`, { method: 'PATCH', session: owner, body: { status: 'sent' } });
    expect(response.status).toBe(500);
    await waitUntil(() => expect(typing.typed).toBeGreaterThan(10));
    typing.stop();

    expect(await getLetter(server, owner, letter.id)).toMatchObject({ status: 'approved', frozen: false });
    expect(await sentVersionBody(server, owner, letter.id)).toBeNull();
    expect(await getSends(server, owner, letter.id)).toEqual([]);
    // Everything typed, during the failed request too, is stored.
    await waitUntil(async () => expect(await storedBody(server.database, letter.id)).toBe(bodyString(typist.doc)));
    blockText(typist.doc, 1).insert(0, 'Still writable. ');
    await waitUntil(async () => expect(await storedBody(server.database, letter.id)).toBe(bodyString(typist.doc)));
  });

  it.skipIf(!clusterServicesConfigured)('freezes across instances: typing on one while another marks the letter sent', async () => {
    const databaseUrl = await createScratchDatabase(resources);
    const redisUrl = process.env.REDIS_URL ?? '';
    const a = await resources.startServer({ databaseUrl, redisUrl });
    const b = await resources.startServer({ databaseUrl, redisUrl });
    const owner = await createUser(a);
    const letter = await createLetter(a, owner);
    await moveToStatus(a, owner, letter.id, 'approved');
    const typist = resources.connect(b, letter.id, { session: owner });
    await waitForSynced(typist.provider);
    const closes = watchProviderCloses(typist.provider);
    const typing = keepTyping(typist);
    await waitUntil(async () => expect((await storedBody(a.database, letter.id)).length).toBeGreaterThan(0));
    const response = await requestJson(a, `/api/letters/${letter.id}`, { method: 'PATCH', session: owner, body: { status: 'sent' } });
    expect(response.status).toBe(200);
    const typedAtResponse = typing.typed;
    await waitUntil(() => expect(typing.typed).toBeGreaterThan(typedAtResponse + 20));
    typing.stop();

    const sentVersion = await sentVersionBody(a, owner, letter.id);
    expect(sentVersion).not.toBeNull();
    expect(await sentBodies(a, letter.id)).toEqual([sentVersion]);
    await waitUntil(() => expect(closes.codes).toContain(CloseReason.roleChanged.code));
    await waitUntil(() => expect(typist.provider.wsconnected && typist.provider.synced).toBe(true));
    expect(await storedBody(a.database, letter.id)).toBe(sentVersion);
  });
});
