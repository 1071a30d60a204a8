/**
 * The editor while the server cannot store: a person types, the server's store starts failing
 * (its data directory became read-only; see test/helpers/storageFaults.ts), and the page says
 * "Not saved" through every failed retry instead of "Offline" or "Saving…". Once the store
 * recovers the page says "All changes saved", and the text is intact in the page, in the
 * database file and after a reload.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/start';
import type { Letter } from '../../shared/letters';
import { createStorageFaults, type StorageFaults } from '../helpers/storageFaults';
import { storedTexts } from '../helpers/ydoc';
import {
  closeAll,
  createAccount,
  createLetterViaApi,
  expectHealthy,
  launchSignedIn,
  openLetter,
  syncStatus,
  typeInSection,
  waitForStatus,
  waitForText,
  type Person,
  type TestServer,
} from './helpers';

const BEFORE = 'He was diagnosed with type 1 diabetes at the age of nine.';
const DURING = ' Since his transfer he has had two episodes of diabetic ketoacidosis.';
/** The fault lasts at least this many failed commits, each one a retry of the page's edits. */
const FAILED_RETRIES = 3;

/** The real server on a free port, storing letter bodies through `faults`. */
async function startFaultableServer(): Promise<{ server: TestServer; faults: StorageFaults }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'casewrite-e2e-data-'));
  const faults = createStorageFaults(dataDir);
  // Errors are what this test causes; the page, not the log, is under test here.
  const quiet = { info() {}, warn() {}, error() {} };
  let current: RunningServer | null = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: quiet, wrapDocStore: faults.wrap });
  const running = current;
  const server: TestServer = {
    get current() {
      return running;
    },
    url: running.url,
    async stop() {
      await current?.close();
      current = null;
    },
    restart() {
      return Promise.reject(new Error('this test does not restart its server'));
    },
    async dispose() {
      await current?.close();
      current = null;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return { server, faults };
}

describe('the editor while the store fails', () => {
  let server: TestServer;
  let faults: StorageFaults;
  let letter: Letter;
  let amara: Person;

  beforeAll(async () => {
    ({ server, faults } = await startFaultableServer());
    const account = await createAccount(server, 'Dr. Amara Okafor', 'physician');
    letter = await createLetterViaApi(server, account, 'Medical release request: A.R.');
    amara = await launchSignedIn(server, account);
  });

  afterEach(() => expectHealthy(amara));

  afterAll(() => closeAll(server, amara));

  it('says "Not saved" while the store fails, "All changes saved" once it recovers, and keeps the text', async () => {
    await openLetter(amara, server, letter.id);
    await typeInSection(amara.page, 'Relevant history', BEFORE);
    await waitForStatus(amara.page, 'saved');

    faults.inject('readOnly');
    await typeInSection(amara.page, 'Relevant history', DURING);
    await waitForStatus(amara.page, 'unsaved');
    await syncStatus(amara.page).getByText('Not saved').waitFor();
    await syncStatus(amara.page).getByText('The server could not store your latest edits').waitFor();
    // The page reconnects and resends; every retry fails, and the page keeps saying so.
    await expect.poll(() => faults.failedAppends, { timeout: 20_000 }).toBeGreaterThanOrEqual(FAILED_RETRIES);
    expect(await syncStatus(amara.page).getAttribute('data-status')).toBe('unsaved');
    expect(await storedTexts(server.current.database, letter.id)).not.toContain(BEFORE + DURING);
    await waitForText(amara.page, BEFORE + DURING);

    faults.recover();
    await waitForStatus(amara.page, 'saved');
    await syncStatus(amara.page).getByText('All changes saved').waitFor();
    await waitForText(amara.page, BEFORE + DURING);
    expect(await storedTexts(server.current.database, letter.id)).toContain(BEFORE + DURING);

    await amara.page.reload();
    await waitForStatus(amara.page, 'saved');
    await waitForText(amara.page, BEFORE + DURING);
  });
});
