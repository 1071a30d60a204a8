/**
 * Saved versions are bounded (VersionQuota): a burst of saves is cut off with 429 and Retry-After,
 * and a letter that keeps the most versions it may refuses more with 409, restores included;
 * versions made by status changes are not counted.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VersionQuota } from '../../../shared/limits';
import { createUser } from '../../helpers/accounts';
import { withTestDatabase } from '../../helpers/database';
import { expectApiError } from '../../helpers/http';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { listVersions, restoreVersionRequest, saveVersion, saveVersionRequest } from '../../helpers/versions';
import { moveToStatus } from '../../helpers/workspace';

const resources = useTestResources();

describe('version quota', () => {
  it('cuts off a burst of saves with 429 and Retry-After; status versions do not count', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    await moveToStatus(server, owner, letter.id, 'in_review');
    const answers: number[] = [];
    let refused: Response | null = null;
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const response = await saveVersionRequest(server, owner, letter.id, { name: `Burst ${attempt}` });
      answers.push(response.status);
      if (response.status === 429) refused ??= response;
      else await response.body?.cancel();
    }
    expect(answers.filter((status) => status === 201)).toHaveLength(VersionQuota.maxPerWindow);
    expect(answers.filter((status) => status === 429)).toHaveLength(30 - VersionQuota.maxPerWindow);
    expect(refused).not.toBeNull();
    const retryAfter = Number(refused?.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(VersionQuota.windowMs / 1000);
    const error = await expectApiError(refused ?? new Response(), 429);
    expect(error).toMatchObject({ code: 'version_rate_limited', message: expect.stringContaining('Try again in') });
    const versions = await listVersions(server, owner, letter.id);
    expect(versions.filter((version) => version.kind === 'manual')).toHaveLength(VersionQuota.maxPerWindow);
    expect(versions.filter((version) => version.kind === 'status')).toHaveLength(1);
  });

  it('refuses saves and restores with 409 once the letter keeps the most versions it may', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const first = await saveVersion(server, owner, letter.id, 'First');
    // Older versions, out of the rate window, fill the letter up to one place short.
    const longAgo = new Date(Date.now() - 10 * VersionQuota.windowMs).toISOString();
    await withTestDatabase(
      server.database,
      async ({ db }) => {
        const rows = Array.from({ length: VersionQuota.maxPerLetter - 2 }, (_, index) => ({
          id: randomUUID(),
          letter_id: letter.id,
          name: `Old ${index}`,
          kind: 'manual',
          created_by: owner.user.id,
          created_at: longAgo,
          state: new Uint8Array([0, 0]),
        }));
        for (let start = 0; start < rows.length; start += 50) await db.insertInto('letter_versions').values(rows.slice(start, start + 50)).execute();
      },
      { writable: true },
    );
    await saveVersion(server, owner, letter.id, 'The last place');
    const full = await saveVersionRequest(server, owner, letter.id, { name: 'One too many' });
    expect(await expectApiError(full, 409)).toMatchObject({ code: 'version_limit', message: expect.stringContaining(String(VersionQuota.maxPerLetter)) });
    const restore = await restoreVersionRequest(server, owner, letter.id, first.id);
    expect((await expectApiError(restore, 409)).code).toBe('version_limit');
    const versions = await listVersions(server, owner, letter.id);
    expect(versions).toHaveLength(VersionQuota.maxPerLetter);
  });
});

describe('restoring while the letter is being marked sent', () => {
  it('answers 409 letter_sent, not 500, and changes nothing; once the freeze ends the restore works', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const version = await saveVersion(server, owner, letter.id, 'Before');
    const before = (await listVersions(server, owner, letter.id)).length;
    // What marking sent does first: the room takes no edits, the server's own included.
    const freeze = server.rooms.freeze(letter.id);
    const error = await expectApiError(await restoreVersionRequest(server, owner, letter.id, version.id), 409);
    expect(error.code).toBe('letter_sent');
    freeze.release();
    // Only the copy of today's text kept before the attempt was added; the restore itself made nothing.
    expect((await listVersions(server, owner, letter.id)).length).toBeLessThanOrEqual(before + 1);
    const retried = await restoreVersionRequest(server, owner, letter.id, version.id);
    expect(retried.status).toBe(200);
  });
});
