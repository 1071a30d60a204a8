/**
 * Requests whose answers cost far more than they do (SyncStep1: the whole document; a presence
 * query: every state) are answered within a budget per socket, so a flood of them cannot make the
 * server send without end, while an honest provider syncs as always.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SyncLimits } from '../../../shared/limits';
import { createUser } from '../../helpers/accounts';
import { decodeServerFrame, queryAwarenessFrame, syncStep1Frame, updateFrame } from '../../helpers/frames';
import { addMember, createLetter } from '../../helpers/letters';
import { joinRaw } from '../../helpers/rawClient';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { blockTexts } from '../../helpers/ydoc';

const resources = useTestResources();
const FLOOD = 100;

describe('request floods', () => {
  it('a flood of SyncStep1 and presence queries gets a bounded number of answers, and the socket stays usable', { timeout: 30_000 }, async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const viewer = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, viewer, 'viewer');
    // A letter of about 200 KB: each answer to an empty state vector carries all of it.
    const writer = await joinRaw(resources, server, letter.id, owner);
    for (let i = 0; i < 20; i += 1) writer.sendEdit(`${i} ${'x'.repeat(10_000)}`);
    await writer.roundTrip();
    const letterBytes = Y.encodeStateAsUpdate(writer.doc).byteLength;

    const attacker = await joinRaw(resources, server, letter.id, viewer, '?ack=1');
    const joinedAt = attacker.socket.frames.length;
    const empty = syncStep1Frame(new Y.Doc());
    for (let i = 0; i < FLOOD; i += 1) {
      attacker.socket.ws.send(empty);
      attacker.socket.ws.send(queryAwarenessFrame());
    }
    // The server handles a socket's frames in order: once this is acknowledged, the flood was read.
    attacker.socket.ws.send(updateFrame(Y.encodeStateAsUpdate(new Y.Doc())));
    const received = () => attacker.socket.frames.slice(joinedAt).map(decodeServerFrame);
    await waitUntil(() => expect(received().some((frame) => frame.type === 'savedStateVector' && frame.updateFrames === 1)).toBe(true));

    const answers = received();
    const documents = answers.filter((frame) => frame.type === 'syncStep2');
    const presences = answers.filter((frame) => frame.type === 'awareness');
    // The join used one request for the document; the rest of the burst answers the flood at once.
    expect(documents.length).toBeLessThanOrEqual(SyncLimits.syncRequestBurst);
    expect(presences.length).toBeLessThanOrEqual(SyncLimits.presenceQueryBurst);
    const sent = attacker.socket.frames.slice(joinedAt).reduce((sum, frame) => sum + frame.byteLength, 0);
    expect(sent).toBeLessThan((SyncLimits.syncRequestBurst + 1) * letterBytes);
    // Waiting requests are not lost: the latest is answered once the budget allows (and only it).
    await waitUntil(() => expect(received().filter((frame) => frame.type === 'awareness').length).toBe(presences.length + 1));
    expect(attacker.socket.closeInfo).toBeNull();

    // An honest provider on the same letter syncs as always.
    const honest = resources.connect(server, letter.id, { session: viewer });
    await waitForSynced(honest.provider);
    expect(blockTexts(honest.doc)).toEqual(blockTexts(writer.doc));
  });
});
