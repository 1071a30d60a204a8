/**
 * Restoring a version over the real server with stock providers: every connected client gets
 * exactly that version's body live, the store holds it, comment-like anchors in unchanged words
 * still resolve, history is only ever added to, and a restore works with nobody connected.
 */
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { VersionSummary } from '../../../shared/versions';
import { createUser } from '../../helpers/accounts';
import { letterAudit } from '../../helpers/audit';
import { expectApiError } from '../../helpers/http';
import { createLetter, createSharedLetter } from '../../helpers/letters';
import type { TestResources } from '../../helpers/resources';
import { useTestResources } from '../../helpers/resources';
import { connectSyncedPair } from '../../helpers/rooms';
import {
  blockText,
  bodyString,
  listVersions,
  restoreVersion,
  restoreVersionRequest,
  saveVersion,
  storedBody,
  versionBody,
  versionDoc,
  getVersion,
} from '../../helpers/versions';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { moveToStatus } from '../../helpers/workspace';
import { bodyOf } from '../../helpers/ydoc';

const resources = useTestResources();

const ANCHORED = 'Original words stay here and nothing moves them.';

/**
 * A shared letter open in an owner's and an editor's provider, with text saved as "v1", then
 * edited by both (a block inserted before the anchored one, one deleted at the end, words added,
 * deleted and made bold, a heading level changed). The anchor sits at "stay" in the v1 text.
 */
async function editedAfterV1(resources: TestResources) {
  const server = await resources.startServer();
  const shared = await createSharedLetter(server);
  const { letter, owner, editor, viewer } = shared;
  const [alice, bob] = await connectSyncedPair(resources, server, letter.id, owner, editor);
  alice.doc.transact(() => {
    blockText(alice.doc, 1).insert(0, 'Dear officer, I write about my patient.');
    blockText(alice.doc, 3).insert(0, ANCHORED);
    blockText(alice.doc, 5).insert(0, 'This sentence will be rewritten entirely.');
  });
  await waitUntil(() => expect(bodyString(bob.doc)).toBe(bodyString(alice.doc)));
  const anchorIndex = ANCHORED.indexOf('stay');
  const anchor = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(blockText(alice.doc, 3), anchorIndex));
  const v1 = await saveVersion(server, owner, letter.id, 'v1');
  const v1Body = await versionBody(server, viewer, letter.id, v1.id);
  expect(v1Body, 'a saved version holds everything the server had received').toBe(bodyString(alice.doc));

  alice.doc.transact(() => {
    const inserted = new Y.XmlElement('paragraph');
    inserted.insert(0, [new Y.XmlText('An inserted paragraph')]);
    bodyOf(alice.doc).insert(2, [inserted]);
    blockText(alice.doc, 1).format(0, 4, { bold: {} });
  });
  await waitUntil(() => expect(bodyString(bob.doc)).toBe(bodyString(alice.doc)));
  bob.doc.transact(() => {
    const anchored = blockText(bob.doc, 4);
    anchored.insert(0, 'Now: ');
    anchored.delete(anchored.toString().indexOf('here'), 'here '.length);
    blockText(bob.doc, 6).delete(0, 'This sentence'.length);
    const heading = bodyOf(bob.doc).get(0);
    if (heading instanceof Y.XmlElement) heading.setAttribute('level', '3');
    bodyOf(bob.doc).delete(bodyOf(bob.doc).length - 1, 1);
  });
  await waitUntil(() => expect(bodyString(alice.doc)).toBe(bodyString(bob.doc)));
  expect(bodyString(alice.doc)).not.toBe(v1Body);
  return { server, ...shared, alice, bob, v1, v1Body, anchor, anchorIndex };
}

describe('restoring a version', () => {
  it('gives every connected client exactly that version, live; stores it; adds a restore version and rewrites no history', async () => {
    const { server, letter, owner, editor, viewer, alice, bob, v1, v1Body } = await editedAfterV1(resources);
    const v2 = await saveVersion(server, editor, letter.id, 'after edits');
    const v2Body = await versionBody(server, owner, letter.id, v2.id);
    expect(v2Body).toContain('Now: Original words stay and nothing moves them.');

    const restore = await restoreVersion(server, editor, letter.id, v1.id);
    expect(restore).toEqual({ id: expect.any(String), name: 'Restored "v1"', kind: 'restore', createdBy: { userId: editor.user.id, name: editor.user.name }, createdAt: expect.any(String) });

    const v1Doc = versionDoc(await getVersion(server, owner, letter.id, v1.id));
    const v1Json = yXmlFragmentToProsemirrorJSON(bodyOf(v1Doc));
    for (const [who, client] of [['owner', alice], ['editor', bob]] as const) {
      await waitUntil(() => expect(bodyString(client.doc), who).toBe(v1Body));
      expect(yXmlFragmentToProsemirrorJSON(bodyOf(client.doc)), who).toEqual(v1Json);
    }
    v1Doc.destroy();
    expect(await storedBody(server.database, letter.id)).toBe(v1Body);

    // A client connecting afresh loads exactly v1 as well.
    const late = resources.connect(server, letter.id, { session: viewer });
    await waitForSynced(late.provider);
    expect(bodyString(late.doc)).toBe(v1Body);

    const versions = await listVersions(server, viewer, letter.id);
    expect(versions.map((version: VersionSummary) => [version.name, version.kind])).toEqual([
      ['Restored "v1"', 'restore'],
      ['Before restoring "v1"', 'restore'],
      ['after edits', 'manual'],
      ['v1', 'manual'],
    ]);
    expect(versions[0]?.id).toBe(restore.id);
    expect(await versionBody(server, viewer, letter.id, restore.id)).toBe(v1Body);
    expect(await versionBody(server, viewer, letter.id, v2.id), 'older versions keep their content').toBe(v2Body);
    expect(await versionBody(server, viewer, letter.id, versions[1]?.id ?? ''), 'the text before the restore is kept').toBe(v2Body);
    expect(await versionBody(server, viewer, letter.id, v1.id)).toBe(v1Body);

    const restored = await letterAudit(server, owner, letter.id, { action: 'version.restored' });
    expect(restored.map((entry) => [entry.actorId, entry.detail])).toEqual([[editor.user.id, { versionId: v1.id, newVersionId: restore.id }]]);
  });

  it('keeps anchors in unchanged words resolving to the same words on every client (a minimal forward edit)', async () => {
    const { server, letter, editor, alice, bob, v1, v1Body, anchor, anchorIndex } = await editedAfterV1(resources);
    await restoreVersion(server, editor, letter.id, v1.id);
    for (const [who, client] of [['owner', alice], ['editor', bob]] as const) {
      await waitUntil(() => expect(bodyString(client.doc), who).toBe(v1Body));
      const resolved = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(anchor), client.doc);
      expect(resolved, who).not.toBeNull();
      expect(resolved?.type.toString(), who).toBe(ANCHORED);
      expect(resolved?.index, who).toBe(anchorIndex);
      expect(resolved?.type, `${who}: the same Y.XmlText, not a rebuilt one`).toBe(blockText(client.doc, 3));
    }
  });

  it('works with nobody connected: the room loads, stores the edit and unloads; the body survives a restart', async () => {
    const dataDir = await resources.tempDir();
    const server = await resources.startServer({ dataDir });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const writer = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(writer.provider);
    blockText(writer.doc, 1).insert(0, 'Kept in v1.');
    await waitUntil(async () => expect(await storedBody(server.database, letter.id)).toBe(bodyString(writer.doc)));
    const v1 = await saveVersion(server, owner, letter.id, 'v1');
    const v1Body = await versionBody(server, owner, letter.id, v1.id);
    blockText(writer.doc, 1).insert(0, 'Typed after v1. ');
    blockText(writer.doc, 3).insert(0, 'Also after v1.');
    await waitUntil(async () => expect(await storedBody(server.database, letter.id)).toBe(bodyString(writer.doc)));
    writer.provider.destroy();
    await waitUntil(() => expect(server.rooms.has(letter.id)).toBe(false));

    const restore = await restoreVersion(server, owner, letter.id, v1.id);
    expect(await storedBody(server.database, letter.id)).toBe(v1Body);
    await waitUntil(() => expect(server.rooms.has(letter.id)).toBe(false));
    expect(await versionBody(server, owner, letter.id, restore.id)).toBe(v1Body);

    await server.stop();
    const restarted = await resources.startServer({ dataDir });
    const reader = resources.connect(restarted, letter.id, { session: owner });
    await waitForSynced(reader.provider);
    expect(bodyString(reader.doc)).toBe(v1Body);
  });

  it('is refused on a sent letter (409 letter_sent), changing nothing; saving a version still works', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await createSharedLetter(server);
    const v1 = await saveVersion(server, editor, letter.id, 'template');
    const writer = resources.connect(server, letter.id, { session: editor });
    await waitForSynced(writer.provider);
    blockText(writer.doc, 1).insert(0, 'Sent text.');
    await waitUntil(async () => expect(await storedBody(server.database, letter.id)).toBe(bodyString(writer.doc)));
    await moveToStatus(server, owner, letter.id, 'sent');
    const before = await storedBody(server.database, letter.id);
    const versionsBefore = await listVersions(server, owner, letter.id);

    for (const who of [owner, editor]) {
      expect((await expectApiError(await restoreVersionRequest(server, who, letter.id, v1.id), 409)).code).toBe('letter_sent');
    }
    expect(await storedBody(server.database, letter.id)).toBe(before);
    expect(await listVersions(server, owner, letter.id)).toEqual(versionsBefore);
    expect(await letterAudit(server, owner, letter.id, { action: 'version.restored' })).toEqual([]);

    const saved = await saveVersion(server, editor, letter.id, 'as sent');
    expect(await versionBody(server, owner, letter.id, saved.id)).toBe(before);
  });
});
