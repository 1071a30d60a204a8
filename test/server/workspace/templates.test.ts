/**
 * A new letter's body is seeded on the server from its template: every section heading, in order,
 * each followed by an empty paragraph, for every template; an unknown template is refused.
 */
import { describe, expect, it } from 'vitest';
import type { Letter } from '../../../shared/letters';
import type { LetterTemplate } from '../../../shared/templates';
import { DEFAULT_TEMPLATE_ID, TEMPLATE_IDS, TEMPLATES } from '../../../shared/templates';
import { createUser } from '../../helpers/accounts';
import { expectApiError, requestJson } from '../../helpers/http';
import { createLetter, uniqueTitle } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced } from '../../helpers/wait';
import { listLetters } from '../../helpers/workspace';
import { openTestDatabase } from '../../helpers/database';
import { blockTexts, headingTexts, readStoredRoom } from '../../helpers/ydoc';

const resources = useTestResources();

/** The blocks a template seeds: each heading, then an empty paragraph. */
function seededBlocks(template: LetterTemplate): string[] {
  return template.sections.flatMap((section) => [section.heading, '']);
}

describe('template seeding', () => {
  it('a letter created without a template gets the medical advocacy template, every heading in order', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    expect(DEFAULT_TEMPLATE_ID).toBe('medical-advocacy');
    expect(letter.template).toBe('medical-advocacy');

    const client = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(client.provider);
    expect(headingTexts(client.doc)).toEqual(TEMPLATES['medical-advocacy'].sections.map((section) => section.heading));
    expect(blockTexts(client.doc)).toEqual(seededBlocks(TEMPLATES['medical-advocacy']));
  });

  it.each(TEMPLATE_IDS)('a letter created with template %s holds its headings in order, live and as stored', async (templateId) => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner, { template: templateId });
    expect(letter.template).toBe(templateId);
    const template = TEMPLATES[templateId];
    const headings = template.sections.map((section) => section.heading);

    const client = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(client.provider);
    expect(headingTexts(client.doc)).toEqual(headings);
    expect(blockTexts(client.doc)).toEqual(seededBlocks(template));

    // The seed is in the store before anyone connects, not made up by the first client.
    const reader = openTestDatabase(server.database);
    resources.defer(() => reader.close());
    const stored = await readStoredRoom(reader, letter.id);
    resources.defer(() => stored.doc.destroy());
    expect(headingTexts(stored.doc)).toEqual(headings);
  });

  it('an unknown template id is 400 and creates nothing', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    for (const template of ['no-such-template', '', 'Medical-Advocacy', 42, null]) {
      const response = await requestJson(server, '/api/letters', { method: 'POST', session: owner, body: { title: uniqueTitle(), template } });
      expect((await expectApiError(response, 400)).code, `template ${JSON.stringify(template)}`).toBe('bad_request');
    }
    const letters: Letter[] = await listLetters(server, owner);
    expect(letters).toEqual([]);
  });
});
