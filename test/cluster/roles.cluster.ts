/**
 * Roles hold across instances. A viewer connected to instance B receives the edits made through
 * A and C live, but what it types reaches no one: not the clients on A and C, not the other
 * clients on B, not the store; after 20 attempts B closes it with 4403, audited once, which any
 * instance reports. Sharing changes and sign-outs made through instance A's HTTP API reach
 * sockets on C: a removed member's sockets close with 4410, a demoted member's with 4500 (and
 * its edits stop counting once it is back), a signed-out session's with 4401, while everyone
 * else stays connected and hears about the change.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { CloseReason, type LetterEventTopic } from '../../shared/protocol';
import { createUser, type TestUser } from '../helpers/accounts';
import { letterAudit } from '../helpers/audit';
import { CLUSTER_ORIGIN, useClusterServices, type Cluster, type ClusterInstance } from '../helpers/cluster';
import { requestJson } from '../helpers/http';
import { addMember, changeRole, createLetter } from '../helpers/letters';
import { useTestResources, type TestClient } from '../helpers/resources';
import { connectTypist, type Typist } from '../helpers/typists';
import { waitForSynced, waitUntil } from '../helpers/wait';
import { trackLetterEvents } from '../helpers/workspace';
import { appendParagraph, blockTexts } from '../helpers/ydoc';

const services = useClusterServices();
const resources = useTestResources();

/** The attempt at which the server closes a read-only connection that keeps sending edits. */
const MAX_REJECTED = 20;
const CLUSTER_WAIT_MS = 30_000;
const TEST_TIMEOUT_MS = 90_000;

/**
 * A client that asks for acknowledgements, and so also receives letter events (sharing changes),
 * which it records (a stock provider would log each as an unknown message).
 */
function connectWatcher(instance: ClusterInstance, letterId: string, session: TestUser): Typist & { events: { readonly topics: LetterEventTopic[] } } {
  const typist = connectTypist(resources, instance, letterId, session);
  return Object.assign(typist, { events: trackLetterEvents(typist.provider) });
}

/** Resolves with the close event after which a stock provider stops reconnecting. */
function finalClose(provider: WebsocketProvider): Promise<{ code: number }> {
  return new Promise((resolve) => provider.once('closed', (event) => resolve(event)));
}

/** Records every close code a provider sees. */
function closeCodes(provider: WebsocketProvider): number[] {
  const codes: number[] = [];
  provider.on('connection-close', (event) => codes.push(event?.code ?? -1));
  return codes;
}

/** The block texts of a letter as PostgreSQL holds it. */
async function storedTexts(cluster: Cluster, letterId: string): Promise<string[]> {
  const stored = await cluster.readStored(letterId);
  const texts = blockTexts(stored);
  stored.destroy();
  return texts;
}

/**
 * Waits until whatever `suspect` (a client on `settler`'s instance) sent so far has been handled
 * and would have reached `observers`: its presence probe reaches the first observer (an instance
 * handles a socket's frames in order), then `settler` makes an edit that is acknowledged as stored
 * (an instance stores in order and publishes only what it stored) and that edit reaches every
 * observer (the bus keeps a room's order). A suspect that is closed already has nothing in flight.
 */
async function settle(suspect: TestClient | null, settler: Typist, observers: readonly TestClient[]): Promise<void> {
  const probe = randomUUID();
  const [first] = observers as [TestClient, ...TestClient[]]; // callers pass at least one observer
  if (suspect) {
    suspect.provider.awareness.setLocalStateField('probe', probe);
    await waitUntil(() => expect(first.provider.awareness.getStates().get(suspect.doc.clientID)?.probe).toBe(probe), CLUSTER_WAIT_MS);
  }
  const marker = `marker ${probe}`;
  appendParagraph(settler.doc, marker);
  await settler.acks.waitForSaved(settler.doc);
  for (const { doc } of observers) await waitUntil(() => expect(blockTexts(doc)).toContain(marker), CLUSTER_WAIT_MS);
}

describe('roles across instances', () => {
  it(
    'a viewer on B cannot change the letter that A and C hold; sharing changes and sign-outs made through A close sockets on C',
    async () => {
      const cluster = await services.createCluster(resources);
      const [a, b, c] = (await cluster.startInstances(['A', 'B', 'C'])) as [ClusterInstance, ClusterInstance, ClusterInstance];
      const owner = await createUser(a);
      const editor = await createUser(b);
      const viewer = await createUser(c);
      const removed = await createUser(a);
      const demoted = await createUser(b);
      const leaver = await createUser(c);
      const letter = await createLetter(a, owner);
      await addMember(a, owner, letter.id, editor, 'editor');
      await addMember(b, owner, letter.id, viewer, 'viewer');
      for (const person of [removed, demoted, leaver]) await addMember(c, owner, letter.id, person, 'editor');

      // The letter is held by A and C; on B, only the viewer and (later) one editor.
      const ownerOnA = connectWatcher(a, letter.id, owner);
      const ownerOnC = connectWatcher(c, letter.id, owner);
      await Promise.all([ownerOnA, ownerOnC].map((typist) => waitForSynced(typist.provider)));
      const viewerOnB = resources.connect(b, letter.id, { session: viewer });
      await waitForSynced(viewerOnB.provider);

      // It reads live: edits made through A and through C reach it on B.
      const fromA = `through A ${randomUUID()}`;
      const fromC = `through C ${randomUUID()}`;
      appendParagraph(ownerOnA.doc, fromA);
      appendParagraph(ownerOnC.doc, fromC);
      await waitUntil(() => expect(blockTexts(viewerOnB.doc)).toEqual(expect.arrayContaining([fromA, fromC])), CLUSTER_WAIT_MS);

      // It types, one frame per paragraph, until B closes it for good.
      const viewerClosed = finalClose(viewerOnB.provider);
      const fromViewer: string[] = [];
      for (let attempt = 0; attempt < MAX_REJECTED + 5; attempt += 1) {
        const text = `typed by the viewer ${attempt} ${randomUUID()}`;
        fromViewer.push(text);
        appendParagraph(viewerOnB.doc, text);
      }
      expect((await viewerClosed).code).toBe(CloseReason.forbidden.code);
      expect(viewerOnB.provider.shouldConnect).toBe(false);

      // An editor on B: what B holds after the viewer's attempts, and the settler for B.
      const editorOnB = connectWatcher(b, letter.id, editor);
      await waitForSynced(editorOnB.provider);
      await settle(null, editorOnB, [ownerOnA, ownerOnC]);
      for (const [where, doc] of [['the owner on A', ownerOnA.doc], ['the owner on C', ownerOnC.doc], ['the editor on B', editorOnB.doc]] as const) {
        const leaked = blockTexts(doc).filter((text) => text.startsWith('typed by the viewer'));
        expect(leaked, `the viewer's edits reached ${where}`).toEqual([]);
      }
      const storedAfterViewer = await storedTexts(cluster, letter.id);
      for (const text of fromViewer) expect(storedAfterViewer, 'the viewer\'s edits were stored').not.toContain(text);
      expect(storedAfterViewer).toEqual(expect.arrayContaining([fromA, fromC]));
      // Audited once, on B; any instance reads it from the shared store.
      await waitUntil(async () => {
        const entries = (await letterAudit(c, owner, letter.id, { action: 'sync.edit_rejected' })).filter((entry) => entry.actorId === viewer.user.id);
        expect(entries).toHaveLength(1);
      }, CLUSTER_WAIT_MS);

      // Members on C (and B), whose membership, role or session changes through A.
      const removedOnC = resources.connect(c, letter.id, { session: removed });
      const removedOnB = resources.connect(b, letter.id, { session: removed });
      const removedRawOnC = resources.rawSocket(`${c.syncUrl}/${letter.id}`, { session: removed, origin: CLUSTER_ORIGIN });
      const demotedOnC = resources.connect(c, letter.id, { session: demoted });
      const leaverOnC = resources.connect(c, letter.id, { session: leaver });
      await Promise.all([removedOnC, removedOnB, demotedOnC, leaverOnC].map(({ provider }) => waitForSynced(provider)));
      await waitUntil(() => expect(removedRawOnC.frames.length).toBeGreaterThan(0), CLUSTER_WAIT_MS);

      // Removed through A: its sockets on C and on B close with 4410 and its providers stop.
      const removedClosedOnC = finalClose(removedOnC.provider);
      const removedClosedOnB = finalClose(removedOnB.provider);
      const removedCodesOnC = closeCodes(removedOnC.provider);
      const eventsBefore = ownerOnC.events.topics.length;
      const removal = await requestJson(a, `/api/letters/${letter.id}/members/${removed.user.id}`, { method: 'DELETE', session: owner });
      expect(removal.status).toBe(204);
      expect((await removedClosedOnC).code).toBe(CloseReason.accessEnded.code);
      expect((await removedClosedOnB).code).toBe(CloseReason.accessEnded.code);
      expect((await removedRawOnC.closed).code).toBe(CloseReason.accessEnded.code);
      expect(removedCodesOnC).toEqual([CloseReason.accessEnded.code]);
      expect(removedOnC.provider.shouldConnect).toBe(false);
      // The owner's client on C hears that the members changed.
      await waitUntil(() => expect(ownerOnC.events.topics.slice(eventsBefore)).toContain('members'), CLUSTER_WAIT_MS);
      // A new attempt on C is a non-member's.
      const retry = resources.rawSocket(`${c.syncUrl}/${letter.id}`, { session: removed, origin: CLUSTER_ORIGIN });
      expect((await retry.closed).code).toBe(CloseReason.noSuchRoom.code);
      // Everyone else on C is still connected, and still hears edits from A.
      expect(demotedOnC.provider.wsconnected && leaverOnC.provider.wsconnected && ownerOnC.provider.wsconnected).toBe(true);
      const afterRemoval = `after the removal ${randomUUID()}`;
      appendParagraph(ownerOnA.doc, afterRemoval);
      await waitUntil(() => expect(blockTexts(demotedOnC.doc)).toContain(afterRemoval), CLUSTER_WAIT_MS);
      expect(blockTexts(removedOnC.doc)).not.toContain(afterRemoval);

      // Demoted through A: C closes its socket with 4500; the provider comes back as a viewer, and its edits stop counting.
      const demotedCodes = closeCodes(demotedOnC.provider);
      const demotedBack = new Promise<void>((resolve) => {
        demotedOnC.provider.on('status', ({ status }: { status: string }) => {
          if (status === 'connected' && demotedCodes.length > 0) resolve();
        });
      });
      await changeRole(a, owner, letter.id, demoted.user.id, 'viewer');
      await demotedBack;
      expect(demotedCodes).toEqual([CloseReason.roleChanged.code]);
      await waitForSynced(demotedOnC.provider);
      const fromDemoted = `typed after the demotion ${randomUUID()}`;
      appendParagraph(demotedOnC.doc, fromDemoted);
      await settle(demotedOnC, ownerOnC, [ownerOnA, editorOnB]);
      expect(blockTexts(ownerOnA.doc)).not.toContain(fromDemoted);
      expect(blockTexts(editorOnB.doc)).not.toContain(fromDemoted);
      expect(blockTexts(ownerOnC.doc)).not.toContain(fromDemoted);
      expect(await storedTexts(cluster, letter.id)).not.toContain(fromDemoted);
      expect(demotedOnC.provider.wsconnected).toBe(true);

      // Signed out through A: the session's socket on C closes with 4401.
      const leaverClosed = finalClose(leaverOnC.provider);
      expect((await requestJson(a, '/api/auth/logout', { method: 'POST', session: leaver })).status).toBe(204);
      expect((await leaverClosed).code).toBe(CloseReason.unauthenticated.code);
      expect(ownerOnC.provider.wsconnected && demotedOnC.provider.wsconnected).toBe(true);

      console.info(
        `cluster roles: a viewer on B made ${fromViewer.length} edits (closed with 4403 on the ${MAX_REJECTED}th), none reached A, C or the store; ` +
          'a removal, a demotion and a sign-out made through A closed the sockets on C (4410, 4500, 4401)',
      );
    },
    TEST_TIMEOUT_MS,
  );
});
