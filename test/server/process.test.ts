/**
 * The real entry point as a child process, the way `npm start` runs it: it prints its URL,
 * refuses a bad configuration with exit 1, and on SIGTERM or SIGINT stores every edit and exits 0.
 */
import { describe, expect, it } from 'vitest';
import { createUser } from '../helpers/accounts';
import { CHILD_START_TIMEOUT_MS, runServerProcess, startChildServer } from '../helpers/childServer';
import { addMember, createLetter } from '../helpers/letters';
import { createRandom, randomEdit } from '../helpers/randomEdits';
import { useTestResources } from '../helpers/resources';
import { connectTypist, expectStoredHolds, expectVectorReaches, stateVectorOf } from '../helpers/typists';
import { waitForSynced, waitUntil } from '../helpers/wait';

const resources = useTestResources();
/** Two child servers start in one test: allow for two slow starts on a busy machine, plus the typing. */
const CHILD_TEST_TIMEOUT_MS = 2 * CHILD_START_TIMEOUT_MS + 15_000;
/** Letters typed into at the signal, and clients typing into each. */
const LETTERS = 3;
const CLIENTS_PER_LETTER = 2;

describe('the server process', () => {
  it('exits 1 and names every problem when the configuration is invalid', async () => {
    const { output, exited } = runServerProcess(resources, { PORT: 'not-a-port', ORIGIN: 'nope' });
    expect((await exited).code).toBe(1);
    expect(output()).toMatch(/PORT/);
    expect(output()).toMatch(/ORIGIN/);
  });

  it.each([
    ['SIGTERM', 1] as const,
    ['SIGINT', 2] as const,
  ])('on %s stores every edit sent before it, from many clients in many letters, and exits 0', async (signal, seed) => {
    const dataDir = await resources.tempDir();
    const first = await startChildServer(resources, { dataDir });
    const health = await fetch(`${first.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    const owner = await createUser(first);
    const editor = await createUser(first);
    const letters = [];
    for (let i = 0; i < LETTERS; i += 1) {
      const letter = await createLetter(first, owner);
      await addMember(first, owner, letter.id, editor, 'editor');
      letters.push(letter);
    }
    const typists = letters.flatMap((letter) =>
      Array.from({ length: CLIENTS_PER_LETTER }, (_, n) => connectTypist(resources, first, letter.id, n % 2 === 0 ? owner : editor)),
    );
    await Promise.all(typists.map((typist) => waitForSynced(typist.provider)));

    // Everyone types; the last burst goes out in one turn with the signal right behind it, so
    // the server receives it with commits (and this turn's edits) still in flight.
    const random = createRandom(seed);
    for (let i = 0; i < 60; i += 1) {
      randomEdit(random.pick(typists).doc, random);
      if (random.int(3) === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    for (let i = 0; i < 20; i += 1) randomEdit(random.pick(typists).doc, random);
    // "Sent" means out of the client: nothing left in any socket's buffer.
    await waitUntil(() => expect(typists.map((typist) => typist.provider.ws?.bufferedAmount)).toEqual(typists.map(() => 0)));
    const closed = typists.map((typist) => new Promise<void>((resolve) => typist.provider.once('connection-close', () => resolve())));
    first.kill(signal);
    expect((await first.exited).code, first.output()).toBe(0);
    expect(first.output()).toContain(`${signal}: storing every letter`);
    await Promise.all(closed);
    for (const typist of typists) typist.provider.disconnect();

    // A new process on the same data directory; the typists are stopped, so it serves only what the first stored.
    const second = await startChildServer(resources, { dataDir });
    for (const letter of letters) {
      const reader = resources.connect(second, letter.id, { session: owner });
      await waitForSynced(reader.provider);
      const onLetter = typists.filter((typist) => typist.letterId === letter.id);
      for (const typist of onLetter) expectVectorReaches(reader.doc, stateVectorOf(typist.doc), `${signal}, letter ${letter.id}, client ${typist.doc.clientID}`);
      const typed = onLetter.flatMap((typist) => typist.localUpdates.map(({ update }) => update));
      expect(typed.length, 'the clients typed into every letter').toBeGreaterThan(0);
      expectStoredHolds(reader.doc, typed, `${signal}, letter ${letter.id}`);
    }
    second.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, CHILD_TEST_TIMEOUT_MS);
});
