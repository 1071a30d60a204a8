/**
 * Storage faults while people type: the disk fills up, or the store becomes read-only (see
 * test/helpers/storageFaults.ts for how, and why that way; PostgreSQL can only be made
 * read-only). The server logs each failed commit clearly, acknowledges nothing that is not in the
 * database, drops the rooms it could not store so their clients reconnect and resend, and once
 * the store recovers everything anyone typed is stored.
 */
import * as decoding from 'lib0/decoding';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Letter } from '../../../shared/letters';
import { CloseReason, MessageType } from '../../../shared/protocol';
import { createUser, type TestUser } from '../../helpers/accounts';
import { addMember, createLetter } from '../../helpers/letters';
import { createRandom, randomEdit } from '../../helpers/randomEdits';
import { useTestResources, type TestServer } from '../../helpers/resources';
import { testEngine } from '../../helpers/postgres';
import { createStorageFaults, faultsOn, type StorageFault } from '../../helpers/storageFaults';
import { connectTypist, expectStoredHolds, expectVectorReaches, stateVectorOf, type Typist } from '../../helpers/typists';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { openTestDatabase } from '../../helpers/database';
import { readStoredRoom, stateVectorCovers } from '../../helpers/ydoc';

const resources = useTestResources();

/** The error each fault makes each engine report. */
const EXPECTED_ERRORS: Record<'sqlite' | 'postgres', Partial<Record<StorageFault, { code: string; message: string }>>> = {
  sqlite: {
    full: { code: 'SQLITE_FULL', message: 'database or disk is full' },
    readOnly: { code: 'SQLITE_READONLY', message: 'attempt to write a readonly database' },
  },
  postgres: {
    readOnly: { code: '25006', message: 'cannot execute INSERT in a read-only transaction' },
  },
};
const ENGINE = testEngine();
/** Each fault, how it is described, and its seed. */
const FAULT_CASES = [
  ['full', 'the disk is full', 1201],
  ['readOnly', 'the store becomes read-only', 1202],
] as const;
/** What `fault` makes this engine report. */
function expectedError(fault: StorageFault): { code: string; message: string } {
  const expected = EXPECTED_ERRORS[ENGINE][fault];
  if (!expected) throw new Error(`${ENGINE} cannot be given the fault ${fault}`);
  return expected;
}

/** Letters typed into, and clients typing into each. */
const LETTERS = 2;
const CLIENTS_PER_LETTER = 2;
/** The fault lasts until at least this many commits have failed and each client has been disconnected by it. */
const MIN_FAILED_COMMITS = 10;
/** Typing rounds after which a fault that never took effect fails the test. */
const MAX_FAULT_ROUNDS = 200;

/** Every acknowledgement a client received, and whether the file held it at that moment. */
interface AckCheck {
  letterId: string;
  acked: Map<number, number>;
  storedAtArrival: boolean;
}

/**
 * Checks each acknowledgement the moment it arrives, before the client acts on it: a separate
 * read-only connection must already read that state from the database (the read starts before
 * the client's handler runs; each check completes when its read has).
 */
function checkAcksAgainstDatabase(server: TestServer, typists: Typist[]): Promise<AckCheck>[] {
  const reader = openTestDatabase(server.database);
  const checks: Promise<AckCheck>[] = [];
  // Acknowledgements that arrive as the test ends are not checked, and reads already started
  // finish before their connection closes.
  let ended = false;
  resources.defer(async () => {
    ended = true;
    await Promise.allSettled(checks);
    await reader.close();
  });
  for (const typist of typists) {
    const handler = typist.provider.messageHandlers[MessageType.savedStateVector];
    typist.provider.messageHandlers[MessageType.savedStateVector] = (encoder, decoder, ...rest) => {
      const acked = Y.decodeStateVector(decoding.readVarUint8Array(decoding.clone(decoder)));
      if (!ended) {
        checks.push(
          readStoredRoom(reader, typist.letterId).then(({ doc: stored }) => {
            const storedAtArrival = stateVectorCovers(stateVectorOf(stored), acked);
            stored.destroy();
            return { letterId: typist.letterId, acked, storedAtArrival };
          }),
        );
      }
      handler?.(encoder, decoder, ...rest);
    };
  }
  return checks;
}

/** Types `count` seeded random edits across the typists, yielding now and then so commits, closes and reconnects happen in between. */
async function type(typists: Typist[], random: ReturnType<typeof createRandom>, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    randomEdit(random.pick(typists).doc, random);
    if (random.int(3) === 0) await delay(random.int(10));
  }
}

/** Letters shared by two people, and typists on each. */
async function typistsOnLetters(server: TestServer): Promise<{ letters: Letter[]; typists: Typist[]; people: TestUser[] }> {
  const people = [await createUser(server), await createUser(server)];
  const [owner, editor] = people as [TestUser, TestUser]; // two people, created just above
  const letters: Letter[] = [];
  for (let i = 0; i < LETTERS; i += 1) {
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, editor, 'editor');
    letters.push(letter);
  }
  const typists = letters.flatMap((letter) =>
    Array.from({ length: CLIENTS_PER_LETTER }, (_, n) => connectTypist(resources, server, letter.id, n % 2 === 0 ? owner : editor)),
  );
  return { letters, typists, people };
}

describe('storage faults while people type', () => {
  it.for(FAULT_CASES)('%s: %s; nothing unstored is acknowledged, and everything is stored once it recovers (seed %i)', async ([fault, _description, seed], context) => {
    // A full disk cannot be produced on a shared PostgreSQL cluster without filling its disk.
    context.skip(!faultsOn(ENGINE).includes(fault), `${ENGINE} cannot be given a ${fault} fault`);
    const dataDir = await resources.tempDir();
    const faults = createStorageFaults(dataDir, await resources.databaseUrlFor(dataDir));
    const server = await resources.startServer({ dataDir, wrapDocStore: faults.wrap });
    const { letters, typists } = await typistsOnLetters(server);
    const ackChecks = checkAcksAgainstDatabase(server, typists);
    const closeCodes: number[] = [];
    const disconnected = new Set<Typist>();
    for (const typist of typists) {
      typist.provider.on('connection-close', (event) => {
        closeCodes.push(event?.code ?? -1);
        disconnected.add(typist);
      });
    }
    await Promise.all(typists.map((typist) => waitForSynced(typist.provider)));
    const random = createRandom(seed);
    const failure = `seed ${seed}, fault ${fault}`;

    // Healthy: typing is stored and acknowledged.
    await type(typists, random, 20);
    await Promise.all(typists.map((typist) => typist.acks.waitForSaved(typist.doc)));
    expect(faults.failedAppends, failure).toBe(0);

    // The fault: people keep typing; commits fail, rooms drop, clients reconnect and resend, again and again.
    faults.inject(fault);
    const storedBeforeFault = faults.storedAppends;
    for (let round = 0; faults.failedAppends < MIN_FAILED_COMMITS || disconnected.size < typists.length; round += 1) {
      expect(round, `${failure}: the fault never took effect`).toBeLessThan(MAX_FAULT_ROUNDS);
      await type(typists, random, 10);
    }
    const errors = server.logger.entries.filter((entry) => entry.level === 'error');
    expect(errors.length, `${failure}: the server logs each failed commit`).toBeGreaterThan(0);
    for (const entry of errors) {
      // For example: room dropped {"room":"…","error":{"name":"CommitFailedError","message":"could not store edits
      // (database or disk is full, SQLITE_FULL); none were acknowledged, and their clients will reconnect and resend them"}}
      expect(entry.args[0], failure).toBe('room dropped');
      const { message, code } = expectedError(fault);
      expect(entry.args[1], failure).toMatchObject({ error: { name: 'CommitFailedError', message: expect.stringContaining(`could not store edits (${message}, ${code})`) } });
    }
    expect(new Set(faults.errorCodes), failure).toEqual(new Set([expectedError(fault).code]));
    expect(new Set(closeCodes), `${failure}: clients are told to reconnect`).toEqual(new Set([CloseReason.serverError.code]));

    // A full disk may still take a small commit into free space on a page; a read-only one takes none.
    const storedDuringFault = faults.storedAppends - storedBeforeFault;
    if (fault === 'readOnly') expect(storedDuringFault, failure).toBe(0);

    // Recovery: the clients' next reconnect stores everything they hold.
    faults.recover();
    await type(typists, random, 10);
    await Promise.all(typists.map((typist) => typist.acks.waitForSaved(typist.doc)));
    // Trailing deletions carry no state vector an acknowledgement could cover: poll the database itself.
    const reader = openTestDatabase(server.database);
    resources.defer(() => reader.close());
    const updatesChecked = await waitUntil(async () => {
      let checked = 0;
      for (const letter of letters) {
        const stored = (await readStoredRoom(reader, letter.id)).doc;
        const onLetter = typists.filter((typist) => typist.letterId === letter.id);
        for (const typist of onLetter) expectVectorReaches(stored, stateVectorOf(typist.doc), `${failure}, letter ${letter.id}`);
        const typed = onLetter.flatMap((typist) => typist.localUpdates.map(({ update }) => update));
        expectStoredHolds(stored, typed, `${failure}, letter ${letter.id}`);
        checked += typed.length;
        stored.destroy();
      }
      return checked;
    });

    // No acknowledgement, before, during or after the fault, ever named a state the database did not hold.
    const checked = await Promise.all(ackChecks);
    expect(checked.length, failure).toBeGreaterThan(0);
    expect(checked.filter((check) => !check.storedAtArrival), failure).toEqual([]);
    console.info(
      `storage fault ${fault} (seed ${seed}): ${faults.failedAppends} failed commits injected (${storedDuringFault} stored during the fault), ${errors.length} rooms dropped, ` +
        `${closeCodes.length} client disconnects, ${checked.length} acknowledgements checked against the database, ${updatesChecked} updates stored after recovery`,
    );
  });
});
