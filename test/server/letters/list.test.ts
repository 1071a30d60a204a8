/**
 * `GET /api/letters` with accounts: each person sees only the letters they are on, with their own
 * role, who else is on each letter and who is connected right now.
 */
import { describe, expect, it } from 'vitest';
import type { LetterSummary } from '../../../shared/letters';
import { createUser } from '../../helpers/accounts';
import type { HttpTarget, Session } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { addMember, createLetter, uniqueTitle } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';

const resources = useTestResources();

async function listLetters(server: HttpTarget, session: Session): Promise<LetterSummary[]> {
  return (await expectJson<{ letters: LetterSummary[] }>(requestJson(server, '/api/letters', { session }), 200)).letters;
}

describe('GET /api/letters', () => {
  it('answers 401 without a session, and POST /api/letters too, creating nothing', async () => {
    const server = await resources.startServer();
    expect((await expectApiError(await requestJson(server, '/api/letters'), 401)).code).toBe('unauthenticated');
    await expectApiError(await requestJson(server, '/api/letters', { method: 'POST', body: { title: uniqueTitle() } }), 401);
    const person = await createUser(server);
    expect(await listLetters(server, person)).toEqual([]);
  });

  it('lists only the caller\'s letters, each with the caller\'s role and the people on it', async () => {
    const server = await resources.startServer();
    const alice = await createUser(server, { profession: 'organizer' });
    const bob = await createUser(server, { profession: 'physician' });
    const carol = await createUser(server);
    const alicesOwn = await createLetter(server, alice);
    const shared = await createLetter(server, alice);
    const bobsOwn = await createLetter(server, bob);
    await addMember(server, alice, shared.id, bob, 'commenter');

    const forAlice = await listLetters(server, alice);
    expect(forAlice.map((letter) => letter.id).sort()).toEqual([alicesOwn.id, shared.id].sort());
    const forBob = await listLetters(server, bob);
    expect(forBob.map((letter) => [letter.id, letter.role]).sort()).toEqual([[bobsOwn.id, 'owner'], [shared.id, 'commenter']].sort());
    expect(await listLetters(server, carol)).toEqual([]);

    const sharedForBob = forBob.find((letter) => letter.id === shared.id);
    expect(sharedForBob).toMatchObject({ title: shared.title, status: 'draft', role: 'commenter' });
    expect(sharedForBob?.people).toEqual(
      expect.arrayContaining([
        { userId: alice.user.id, name: alice.user.name, profession: 'organizer', role: 'owner', online: false },
        { userId: bob.user.id, name: bob.user.name, profession: 'physician', role: 'commenter', online: false },
      ]),
    );
    expect(sharedForBob?.people).toHaveLength(2);
  });

  it('shows who is connected to a letter right now', async () => {
    const server = await resources.startServer();
    const alice = await createUser(server);
    const bob = await createUser(server);
    const letter = await createLetter(server, alice);
    await addMember(server, alice, letter.id, bob, 'editor');
    const online = async () => Object.fromEntries((await listLetters(server, alice))[0]?.people.map((person) => [person.userId, person.online]) ?? []);
    expect(await online()).toEqual({ [alice.user.id]: false, [bob.user.id]: false });

    const bobClient = resources.connect(server, letter.id, { session: bob });
    await waitForSynced(bobClient.provider);
    await waitUntil(async () => expect(await online()).toEqual({ [alice.user.id]: false, [bob.user.id]: true }));
    bobClient.provider.disconnect();
    await waitUntil(async () => expect(await online()).toEqual({ [alice.user.id]: false, [bob.user.id]: false }));
  });

  it('puts the most recently created or edited letter first', async () => {
    const server = await resources.startServer();
    const alice = await createUser(server);
    const older = await createLetter(server, alice);
    const newer = await createLetter(server, alice);
    await waitUntil(async () => expect((await listLetters(server, alice)).map((letter) => letter.id)).toEqual([newer.id, older.id]));
    const client = resources.connect(server, older.id, { session: alice });
    await waitForSynced(client.provider);
    client.doc.getText('probe').insert(0, 'an edit');
    await waitUntil(async () => expect((await listLetters(server, alice)).map((letter) => letter.id)).toEqual([older.id, newer.id]));
  });
});
