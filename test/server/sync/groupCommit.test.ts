/**
 * Group commit: edits that arrive in one event-loop turn are stored in one DocStore transaction
 * and reach the other clients as one broadcast, not one per keystroke.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createUser } from '../../helpers/accounts';
import { createLetter } from '../../helpers/letters';
import { decodeServerFrame, syncStep1Frame, updateFrame } from '../../helpers/frames';
import { useTestResources } from '../../helpers/resources';
import { createControlledStore } from '../../helpers/stores';
import { waitUntil } from '../../helpers/wait';

const resources = useTestResources();

describe('group commit', () => {
  it('stores edits of one turn in one append and broadcasts them once', async () => {
    const store = createControlledStore();
    const server = await resources.startServer({ wrapDocStore: store.wrap });
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const writer = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner });
    const observer = resources.rawSocket(`${server.syncUrl}/${letter.id}`, { session: owner });
    await Promise.all([writer.opened, observer.opened]);
    // Both are in the room once the server has greeted them with its SyncStep1.
    await waitUntil(() => {
      expect(writer.frames.length).toBeGreaterThan(0);
      expect(observer.frames.length).toBeGreaterThan(0);
    });
    // Build three keystrokes on top of the stored letter.
    const typist = new Y.Doc();
    observer.ws.send(syncStep1Frame(new Y.Doc()));
    await waitUntil(() => expect(observer.frames.some((f) => decodeServerFrame(f).type === 'syncStep2')).toBe(true));
    const stored = observer.frames.map(decodeServerFrame).find((f) => f.type === 'syncStep2');
    if (stored?.type !== 'syncStep2') throw new Error('unreachable: waited for it above');
    Y.applyUpdate(typist, stored.update);
    const keystrokes: Uint8Array[] = [];
    typist.on('update', (update: Uint8Array) => keystrokes.push(update));
    for (const letterTyped of 'abc') typist.getText('probe').insert(typist.getText('probe').length, letterTyped);
    expect(keystrokes).toHaveLength(3);

    const appendsBefore = store.appendCalls.length;
    const framesBefore = observer.frames.length;
    // Sent in one synchronous burst, they reach the server in the same event-loop turn.
    for (const keystroke of keystrokes) writer.ws.send(updateFrame(keystroke));

    await waitUntil(() => {
      const received = new Y.Doc();
      Y.applyUpdate(received, stored.update);
      for (const frame of observer.frames.slice(framesBefore).map(decodeServerFrame)) {
        if (frame.type === 'update') Y.applyUpdate(received, frame.update);
      }
      expect(received.getText('probe').toString()).toBe('abc');
    });
    expect(store.appendCalls.slice(appendsBefore)).toEqual([[letter.id]]);
    const updates = observer.frames.slice(framesBefore).map(decodeServerFrame).filter((f) => f.type === 'update');
    expect(updates).toHaveLength(1);
  });
});
