/**
 * Keep-alive and dead-connection detection, with the heartbeat's timing shortened so the test
 * runs in well under a second of each interval it checks.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { KEEPALIVE_FRAME } from '../../../server/collab/protocol';
import { createUser } from '../../helpers/accounts';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { waitUntil } from '../../helpers/wait';

const resources = useTestResources();
const timing = { tickMs: 50, keepaliveMs: 400, pingMs: 200 };

describe('heartbeat', () => {
  it('sends a lone idle client a protocol message within every keep-alive interval', async () => {
    const server = await resources.startServer({ heartbeat: timing });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const socket = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner });
    await socket.opened;
    await waitUntil(() => {
      const keepalives = socket.frames.filter((frame) => Buffer.from(frame).equals(Buffer.from(KEEPALIVE_FRAME)));
      expect(keepalives.length).toBeGreaterThanOrEqual(3);
    });
    // The client sent nothing, yet kept hearing from the server and stayed connected.
    expect(socket.closeInfo).toBeNull();
  });

  it('ends a connection that stops answering pings, and keeps one that answers', async () => {
    const server = await resources.startServer({ heartbeat: timing });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const silent = new WebSocket(`${server.syncUrl}/${letter.id}`, { autoPong: false, origin: server.url, headers: { Cookie: owner.cookie } });
    silent.on('error', () => {});
    resources.defer(() => silent.terminate());
    const healthy = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner });
    await healthy.opened;
    const silentClosed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    // Terminated without a close frame: the client sees an abnormal closure.
    expect(await silentClosed).toBe(1006);
    expect(healthy.closeInfo).toBeNull();
    expect(healthy.ws.readyState).toBe(WebSocket.OPEN);
  });
});
