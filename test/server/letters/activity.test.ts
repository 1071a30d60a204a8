/** A letter's `updatedAt` follows edits to its body, so the list shows what was worked on last. */
import { describe, expect, it } from 'vitest';
import type { Letter } from '../../../shared/letters';
import { createLetter, requestJson } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced, waitUntil } from '../../helpers/wait';

const resources = useTestResources();

async function listLetters(server: { url: string }): Promise<Letter[]> {
  const response = await requestJson(server, '/api/letters');
  expect(response.status).toBe(200);
  return ((await response.json()) as { letters: Letter[] }).letters; // status checked above
}

describe('letter activity', () => {
  it('moves an edited letter to the top of the list with a later updatedAt', async () => {
    const server = await resources.startServer();
    const edited = await createLetter(server);
    const newer = await createLetter(server);

    const { doc, provider } = resources.connect(server, edited.id);
    await waitForSynced(provider);
    doc.getText('probe').insert(0, 'an edit');

    await waitUntil(async () => {
      const letters = await listLetters(server);
      expect(letters.map((l) => l.id)).toEqual([edited.id, newer.id]);
      expect(Date.parse(letters[0]?.updatedAt ?? '')).toBeGreaterThan(Date.parse(newer.updatedAt));
    });
  });
});
