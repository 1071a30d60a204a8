/**
 * Version history over the API: saving and reading versions (Yjs states, newest first), the
 * automatic version at every status change, who may do what, bad ids and bad bodies, and the
 * 'versions' event open clients receive.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LetterStatus } from '../../../shared/letters';
import { STATUS_LABEL } from '../../../shared/letters';
import { VersionLimits } from '../../../shared/versions';
import { createUser } from '../../helpers/accounts';
import { letterAudit } from '../../helpers/audit';
import type { Session } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { createLetter, createSharedLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { requestReview } from '../../helpers/reviews';
import {
  blockText,
  bodyString,
  getVersion,
  listVersions,
  restoreVersionRequest,
  saveVersion,
  saveVersionRequest,
  storedBody,
  versionBody,
} from '../../helpers/versions';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { changeStatusRequest, listenForLetterEvents, moveToStatus } from '../../helpers/workspace';

const resources = useTestResources();

describe('saving and reading versions', () => {
  it('saves the stored body under a name; lists newest first; reads one back as a Yjs state', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, viewer } = await createSharedLetter(server);
    const writer = resources.connect(server, letter.id, { session: editor });
    await waitForSynced(writer.provider);
    blockText(writer.doc, 1).insert(0, 'First draft words.');
    await waitUntil(async () => expect(await storedBody(server.database, letter.id)).toBe(bodyString(writer.doc)));
    const first = await saveVersion(server, editor, letter.id, '  First draft  ');
    expect(first).toEqual({ id: expect.any(String), name: 'First draft', kind: 'manual', createdBy: { userId: editor.user.id, name: editor.user.name }, createdAt: expect.any(String) });
    const firstBody = bodyString(writer.doc);

    blockText(writer.doc, 1).insert(0, 'Second pass. ');
    await waitUntil(async () => expect(await storedBody(server.database, letter.id)).toBe(bodyString(writer.doc)));
    const second = await saveVersion(server, owner, letter.id, 'Second');
    expect(await versionBody(server, viewer, letter.id, second.id)).toBe(bodyString(writer.doc));
    expect(await versionBody(server, viewer, letter.id, first.id)).toBe(firstBody);

    expect((await listVersions(server, viewer, letter.id)).map((version) => version.id)).toEqual([second.id, first.id]);
    const detail = await getVersion(server, viewer, letter.id, first.id);
    expect(detail).toEqual({ ...first, state: expect.any(String) });
    expect(Buffer.from(detail.state, 'base64').toString('base64')).toBe(detail.state);

    const saved = await letterAudit(server, owner, letter.id, { action: 'version.saved' });
    expect(saved.map((entry) => [entry.actorId, entry.detail])).toEqual([
      [owner.user.id, { versionId: second.id }],
      [editor.user.id, { versionId: first.id }],
    ]);
  });

  it("tells open clients about new versions with a 'versions' event", async () => {
    const server = await resources.startServer();
    const { letter, owner, viewer } = await createSharedLetter(server);
    const { events } = await listenForLetterEvents(resources, server, letter.id, viewer);
    const version = await saveVersion(server, owner, letter.id, 'v1');
    await waitUntil(() => expect(events.topics).toEqual(['versions']));
    await expectJson(restoreVersionRequest(server, owner, letter.id, version.id), 200);
    await waitUntil(() => expect(events.topics).toEqual(['versions', 'versions']));
    await requestReview(server, owner, letter.id, viewer.user.id);
    await waitUntil(() => expect(events.topics).toEqual(['versions', 'versions', 'reviews', 'letter', 'versions', 'inbox']));
  });
});

describe('automatic versions at status changes', () => {
  it('records one per change, named with both statuses, holding the body as it was; none for refused or unchanged statuses', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await createSharedLetter(server);
    const writer = resources.connect(server, letter.id, { session: editor });
    await waitForSynced(writer.provider);
    blockText(writer.doc, 1).insert(0, 'Before review.');
    await waitUntil(async () => expect(await storedBody(server.database, letter.id)).toBe(bodyString(writer.doc)));

    const walk: LetterStatus[] = ['in_review', 'approved', 'sent', 'draft'];
    let from: LetterStatus = 'draft';
    const expected: [string, string][] = [];
    for (const to of walk) {
      await moveToStatus(server, owner, letter.id, to);
      // The reviewer's approval is the review's own version (kind 'review'), not a second one.
      expected.unshift(to === 'approved' ? ['Approved by Step Reviewer', 'review'] : [`${STATUS_LABEL[from]} → ${STATUS_LABEL[to]}`, 'status']);
      from = to;
    }
    // Unchanged, refused and title-only changes record nothing.
    await expectJson(changeStatusRequest(server, owner, letter.id, 'draft'), 200);
    await expectApiError(await changeStatusRequest(server, owner, letter.id, 'sent'), 409);
    await expectJson(requestJson(server, `/api/letters/${letter.id}`, { method: 'PATCH', session: owner, body: { title: 'Renamed' } }), 200);

    const versions = await listVersions(server, editor, letter.id);
    expect(versions.map((version) => [version.name, version.kind])).toEqual(expected);
    expect(versions.map((version) => version.createdBy?.userId === owner.user.id)).toEqual(walk.map((to) => to !== 'approved').reverse());
    expect(expected.at(-1)?.[0]).toBe('Draft → In review');
    for (const version of versions) expect(await versionBody(server, editor, letter.id, version.id)).toBe(bodyString(writer.doc));
  });
});

describe('who may do what', () => {
  it('401 without a session and 404 for outsiders and bad letter ids, on every route', async () => {
    const server = await resources.startServer();
    const { letter, owner, outsider } = await createSharedLetter(server);
    const version = await saveVersion(server, owner, letter.id, 'v1');
    const routes = (letterId: string) => [
      { what: 'list', send: (session: Session | null) => requestJson(server, `/api/letters/${letterId}/versions`, { session }) },
      { what: 'read', send: (session: Session | null) => requestJson(server, `/api/letters/${letterId}/versions/${version.id}`, { session }) },
      { what: 'save', send: (session: Session | null) => saveVersionRequest(server, session, letterId, { name: 'x' }) },
      { what: 'restore', send: (session: Session | null) => restoreVersionRequest(server, session, letterId, version.id) },
    ];
    for (const route of routes(letter.id)) {
      expect((await expectApiError(await route.send(null), 401)).code, route.what).toBe('unauthenticated');
      expect((await expectApiError(await route.send(outsider), 404)).code, route.what).toBe('not_found');
    }
    for (const badId of [randomUUID(), 'not-a-letter']) {
      for (const route of routes(badId)) expect((await expectApiError(await route.send(owner), 404)).code, `${route.what} ${badId}`).toBe('not_found');
    }
    expect((await listVersions(server, owner, letter.id)).map((listed) => listed.id)).toEqual([version.id]);
  });

  it('everyone on the letter reads; only owners and editors save and restore (403 otherwise)', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter, viewer } = await createSharedLetter(server);
    const version = await saveVersion(server, owner, letter.id, 'v1');
    for (const [who, session] of [['commenter', commenter], ['viewer', viewer]] as const) {
      expect(await listVersions(server, session, letter.id), who).toHaveLength(1);
      expect((await getVersion(server, session, letter.id, version.id)).id, who).toBe(version.id);
      expect((await expectApiError(await saveVersionRequest(server, session, letter.id, { name: 'mine' }), 403)).code, who).toBe('forbidden');
      expect((await expectApiError(await restoreVersionRequest(server, session, letter.id, version.id), 403)).code, who).toBe('forbidden');
    }
    expect(await listVersions(server, owner, letter.id)).toHaveLength(1);
    await saveVersion(server, editor, letter.id, 'by the editor');
    await expectJson(restoreVersionRequest(server, editor, letter.id, version.id), 200);
    await expectJson(restoreVersionRequest(server, owner, letter.id, version.id), 200);
    expect((await listVersions(server, owner, letter.id)).map((listed) => listed.kind)).toEqual(['restore', 'restore', 'restore', 'restore', 'manual', 'manual']);
  });

  it("404 for unknown version ids and for another letter's versions, on read and restore", async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const other = await createLetter(server, owner);
    const foreign = await saveVersion(server, owner, other.id, 'of the other letter');
    for (const versionId of [randomUUID(), 'nope', foreign.id]) {
      expect((await expectApiError(await requestJson(server, `/api/letters/${letter.id}/versions/${versionId}`, { session: owner }), 404)).code, versionId).toBe('not_found');
      expect((await expectApiError(await restoreVersionRequest(server, owner, letter.id, versionId), 404)).code, versionId).toBe('not_found');
    }
    expect(await listVersions(server, owner, letter.id)).toEqual([]);
    expect(await letterAudit(server, owner, letter.id, { action: 'version.restored' })).toEqual([]);
  });

  it('400 on bad bodies, saving nothing', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const bodies: unknown[] = [{}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(VersionLimits.maxNameLength + 1) }, { name: 5 }, { name: 'ok', kind: 'status' }, 'not json', []];
    for (const body of bodies) {
      expect((await expectApiError(await saveVersionRequest(server, owner, letter.id, body), 400)).code, JSON.stringify(body)).toBe('bad_request');
    }
    expect(await listVersions(server, owner, letter.id)).toEqual([]);
    expect(await letterAudit(server, owner, letter.id, { action: 'version.saved' })).toEqual([]);
    expect((await saveVersion(server, owner, letter.id, 'x'.repeat(VersionLimits.maxNameLength))).name).toHaveLength(VersionLimits.maxNameLength);
  });
});
