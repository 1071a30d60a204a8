/**
 * Exports run off the event loop within limits: the server keeps answering while the largest
 * letter allowed exports, at most a bounded number run or wait (then 503 with Retry-After), each
 * stops at a time limit, and a letter stored beyond the body limits (deeply nested, or oversized)
 * gets a clear 4xx, never a 500.
 */
import { describe, expect, it } from 'vitest';
import type { DocStore } from '../../../server/collab/docStore';
import { ExportErrorCode } from '../../../server/export/routes';
import { ExportLimits, LetterBodyLimits } from '../../../shared/limits';
import { createUser } from '../../helpers/accounts';
import type { Session } from '../../helpers/http';
import { expectApiError, requestJson } from '../../helpers/http';
import { addMember, createLetter } from '../../helpers/letters';
import type { ServerOptions, TestServer } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { waitUntil } from '../../helpers/wait';
import { bodyOf } from '../../helpers/ydoc';
import { largestLetterUpdate, nestedBodyUpdate } from './largeBodies';

const resources = useTestResources();

/** A server whose document store the test can write to directly, as letters stored long ago were. */
async function serverWithStore(options: Partial<ServerOptions> = {}): Promise<{ server: TestServer; store: () => DocStore }> {
  let store: DocStore | null = null;
  const server = await resources.startServer({
    ...options,
    wrapDocStore: (inner) => {
      store = inner;
      return inner;
    },
  });
  return {
    server,
    store: () => {
      if (!store) throw new Error('the server has no document store');
      return store;
    },
  };
}

/** An owner and a letter whose stored body has `update` applied on top of the template. */
async function storedLetter(server: TestServer, store: DocStore, update: Uint8Array): Promise<{ owner: Session; letterId: string }> {
  const owner = await createUser(server);
  const letter = await createLetter(server, owner);
  await store.append([{ room: letter.id, update }]);
  return { owner, letterId: letter.id };
}

function exportFile(server: TestServer, session: Session, letterId: string, format: 'docx' | 'pdf'): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}/export?format=${format}`, { session });
}

// Exporting the largest letter allowed takes seconds of a worker's time, and more on a busy machine.
describe('export limits', { timeout: 120_000 }, () => {
  it('answers /healthz again and again while the largest letter allowed exports as PDF', async () => {
    const { server, store } = await serverWithStore();
    const { owner, letterId } = await storedLetter(server, store(), largestLetterUpdate(LetterBodyLimits.maxContentSize - 20_000));
    let finished = false;
    const exporting = exportFile(server, owner, letterId, 'pdf').then((response) => {
      finished = true;
      return response;
    });
    // Each answer must come while the export is still running: before, the export held the event
    // loop from its first turn of work to its last, and every request waited for it.
    for (let round = 0; round < 5; round += 1) {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(finished, `the export finished before health check ${round + 1} was answered`).toBe(false);
    }
    const response = await exporting;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });

  it('runs a bounded number of exports at once and answers 503 with Retry-After to the one past the queue', async () => {
    const { server, store } = await serverWithStore({ exportLimits: { maxConcurrent: 1, maxQueued: 1 } });
    const { owner, letterId } = await storedLetter(server, store(), largestLetterUpdate(LetterBodyLimits.maxContentSize - 20_000));
    // Four people, so the limit per account plays no part here.
    const readers = [owner];
    for (let i = 0; i < 3; i += 1) {
      const reader = await createUser(server);
      await addMember(server, owner, letterId, reader, 'viewer');
      readers.push(reader);
    }
    const responses = await Promise.all(readers.map((reader) => exportFile(server, reader, letterId, 'pdf')));
    const statuses = responses.map((response) => response.status);
    // One runs, one waits; the others find the queue full. None fails otherwise.
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(2);
    const refused = responses.filter((response) => response.status === 503);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
    for (const response of refused) {
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const error = await expectApiError(response, 503);
      expect(error.code).toBe(ExportErrorCode.busy);
      expect(error.message).toMatch(/busy/i);
    }
    // Once the queue has drained, exports run again.
    expect((await exportFile(server, owner, letterId, 'docx')).status).toBe(200);
  });

  it('lets one account run only ExportLimits.maxPerAccount exports at once, so nobody fills the queue alone', async () => {
    const { server, store } = await serverWithStore();
    const { owner, letterId } = await storedLetter(server, store(), largestLetterUpdate(LetterBodyLimits.maxContentSize - 20_000));
    const attempts = ExportLimits.maxPerAccount + 2;
    const responses = await Promise.all(Array.from({ length: attempts }, () => exportFile(server, owner, letterId, 'pdf')));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(ExportLimits.maxPerAccount);
    const refused = responses.filter((response) => response.status === 429);
    expect(refused).toHaveLength(attempts - ExportLimits.maxPerAccount);
    for (const response of refused) {
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const error = await expectApiError(response, 429);
      expect(error.code).toBe(ExportErrorCode.tooMany);
      expect(error.message).toMatch(/in progress/);
    }
    // Someone else on the letter is not held up by it, and the owner can export again afterwards.
    const reader = await createUser(server);
    await addMember(server, owner, letterId, reader, 'viewer');
    expect((await exportFile(server, reader, letterId, 'docx')).status).toBe(200);
    expect((await exportFile(server, owner, letterId, 'docx')).status).toBe(200);
  });

  it('stops an export at its time limit with a clear 503, and the server goes on answering', async () => {
    const { server, store } = await serverWithStore({ exportLimits: { timeoutMs: 50 } });
    const { owner, letterId } = await storedLetter(server, store(), largestLetterUpdate(LetterBodyLimits.maxContentSize - 20_000));
    const error = await expectApiError(await exportFile(server, owner, letterId, 'pdf'), 503);
    expect(error.code).toBe(ExportErrorCode.timeout);
    expect(error.message).toMatch(/too long/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses, in both formats, with 422 a letter stored with elements nested 20,000 deep', async () => {
    const { server, store } = await serverWithStore();
    const { owner, letterId } = await storedLetter(server, store(), nestedBodyUpdate(20_000));
    for (const format of ['pdf', 'docx'] as const) {
      const error = await expectApiError(await exportFile(server, owner, letterId, format), 422);
      expect(error.code).toBe(ExportErrorCode.letterTooDeep);
      expect(error.message).toMatch(/nested/);
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('still exports a letter nested as deep as the limit allows', async () => {
    const { server, store } = await serverWithStore();
    const { owner, letterId } = await storedLetter(server, store(), nestedBodyUpdate(LetterBodyLimits.maxNestingDepth));
    expect((await exportFile(server, owner, letterId, 'pdf')).status).toBe(200);
  });

  it('refuses with 413 a letter stored beyond the size limit, and exports it once it is shortened', async () => {
    const { server, store } = await serverWithStore();
    const { owner, letterId } = await storedLetter(server, store(), largestLetterUpdate(LetterBodyLimits.maxContentSize + 50_000));
    const error = await expectApiError(await exportFile(server, owner, letterId, 'docx'), 413);
    expect(error.code).toBe(ExportErrorCode.letterTooLarge);
    expect(error.message).toMatch(/larger than an export allows/);
    // A writer can still shorten it: deleting is never refused.
    const { doc, provider } = resources.connect(server, letterId, { session: owner });
    await waitUntil(() => expect(provider.synced).toBe(true));
    doc.transact(() => {
      const body = bodyOf(doc);
      body.delete(body.length - 100, 100);
    });
    await waitUntil(async () => expect((await exportFile(server, owner, letterId, 'docx')).status).toBe(200));
  });
});

