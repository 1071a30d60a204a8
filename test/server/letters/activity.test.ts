/** A letter's `updatedAt` follows edits to its body, so the list shows what was worked on last. */
import { describe, expect, it } from 'vitest';
import type { Letter } from '../../../shared/letters';
import { createUser } from '../../helpers/accounts';
import type { Session } from '../../helpers/http';
import { requestJson } from '../../helpers/http';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';

const resources = useTestResources();

async function listLetters(server: { url: string }, session: Session): Promise<Letter[]> {
  const response = await requestJson(server, '/api/letters', { session });
  expect(response.status).toBe(200);
  return ((await response.json()) as { letters: Letter[] }).letters; // status checked above
}

describe('letter activity', () => {
  it('moves an edited letter to the top of the list with a later updatedAt', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const edited = await createLetter(server, owner);
    const newer = await createLetter(server, owner);

    const { doc, provider } = resources.connect(server, edited.id, { session: owner });
    await waitForSynced(provider);
    doc.getText('probe').insert(0, 'an edit');

    await waitUntil(async () => {
      const letters = await listLetters(server, owner);
      expect(letters.map((l) => l.id)).toEqual([edited.id, newer.id]);
      expect(Date.parse(letters[0]?.updatedAt ?? '')).toBeGreaterThan(Date.parse(newer.updatedAt));
    });
  });
});
