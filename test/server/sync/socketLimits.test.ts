/** One account may hold only so many sockets on one letter; past that it is refused with a final, named close. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SyncLimits } from '../../../shared/limits';
import { CloseReason } from '../../../shared/protocol';
import { createUser } from '../../helpers/accounts';
import { addMember, createLetter } from '../../helpers/letters';
import type { RawClient } from '../../helpers/rawClient';
import { joinRaw } from '../../helpers/rawClient';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { appendParagraph, blockTexts } from '../../helpers/ydoc';

const resources = useTestResources();
const CAP = SyncLimits.maxSocketsPerAccountPerLetter;

describe('sockets per account per letter', () => {
  it(`refuses the ${CAP + 1}th socket of one account on one letter with ${CloseReason.tooManySockets.code}, while the first ${CAP} keep working`, async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const viewer = await createUser(server);
    const letter = await createLetter(server, owner);
    const other = await createLetter(server, viewer);
    await addMember(server, owner, letter.id, viewer, 'viewer');

    const open: RawClient[] = [];
    for (let i = 0; i < CAP; i += 1) open.push(await joinRaw(resources, server, letter.id, viewer));
    const refused = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: viewer });
    expect(await refused.closed).toEqual({ code: CloseReason.tooManySockets.code, reason: CloseReason.tooManySockets.reason });

    // A stock provider hears the same final close and stops reconnecting.
    const provider = resources.connect(server, letter.id, { session: viewer }).provider;
    const closed = await new Promise<{ code: number }>((resolve) => provider.once('closed', resolve));
    expect(closed.code).toBe(CloseReason.tooManySockets.code);
    expect(provider.shouldConnect).toBe(false);

    // The first ones still receive the letter's edits; other accounts and other letters are unaffected.
    const writer = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(writer.provider);
    appendParagraph(writer.doc, 'Seen by every socket');
    const elsewhere = resources.connect(server, other.id, { session: viewer });
    await waitForSynced(elsewhere.provider);
    for (const client of open) {
      await client.roundTrip();
      expect(client.socket.closeInfo).toBeNull();
    }
    await waitUntil(() => {
      for (const client of open) {
        // Applying an update twice changes nothing, so every poll may apply all received so far.
        for (const update of client.receivedUpdates()) Y.applyUpdate(client.doc, update);
        expect(blockTexts(client.doc)).toContain('Seen by every socket');
      }
    });

    // A socket that closes frees its place.
    const leaving = open.pop();
    leaving?.socket.ws.close();
    await leaving?.socket.closed;
    await waitUntil(async () => {
      const again = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: viewer });
      // Refused sockets are closed before any frame; an admitted one is greeted.
      const outcome = await Promise.race([again.closed.then(() => 'refused'), waitUntil(() => expect(again.frames.length).toBeGreaterThan(0)).then(() => 'greeted')]);
      expect(outcome).toBe('greeted');
    });
  });
});
