/**
 * Cross-site WebSocket hijacking: a page on another origin must not be able to open a letter's
 * sync socket in a visitor's browser (DESIGN.md: the upgrade checks the Origin).
 */
import { describe, expect, it } from 'vitest';
import { createUser } from '../../helpers/accounts';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { waitUntil } from '../../helpers/wait';

const resources = useTestResources();

describe('sync upgrade Origin check', () => {
  it('serves a socket from the app\'s own origin', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const socket = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner, origin: server.url });
    await waitUntil(() => expect(socket.frames.length).toBeGreaterThan(0));
    expect(socket.closeInfo).toBeNull();
  });

  it('refuses a socket from a foreign origin without sending it any of the letter', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const socket = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner, origin: 'http://evil.example' });
    // Wait for whichever comes first: the refusal (at the upgrade, or a close right after it) or
    // the server greeting the socket with the document.
    await waitUntil(() => expect(socket.closeInfo !== null || socket.frames.length > 0).toBe(true));
    expect(socket.frames, 'the server sent document frames to a foreign origin').toEqual([]);
    await socket.closed;
  });
});
