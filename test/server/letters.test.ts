/**
 * The letters HTTP API (server/letters/) and the health check, over a real server: the contract's
 * response shapes, validation errors and 404s, and the server-side seeding of a new letter's body.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LetterLimits } from '../../shared/limits';
import { DEFAULT_TEMPLATE_ID, medicalAdvocacyTemplate } from '../../shared/templates';
import type { LetterSummary } from '../../shared/letters';
import { createUser } from '../helpers/accounts';
import { expectApiError, requestJson } from '../helpers/http';
import { createLetter, uniqueTitle } from '../helpers/letters';
import { useTestResources } from '../helpers/resources';
import { waitForSynced } from '../helpers/wait';
import { blockTexts, headingTexts } from '../helpers/ydoc';

const resources = useTestResources();

const isoTimestamp = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);

describe('GET /healthz', () => {
  it('answers {ok:true}', async () => {
    const server = await resources.startServer();
    const response = await fetch(new URL('/healthz', server.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe('POST /api/letters', () => {
  it('creates a letter from the default template and answers 201 {letter}', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const title = uniqueTitle('Medical parole request');
    const response = await requestJson(server, '/api/letters', { method: 'POST', body: { title }, session: owner });
    expect(response.status).toBe(201);
    const body: unknown = await response.json();
    expect(body).toEqual({
      letter: {
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        title,
        template: DEFAULT_TEMPLATE_ID,
        status: 'draft',
        frozen: false,
        role: 'owner',
        deidentified: false,
        createdAt: isoTimestamp,
        updatedAt: isoTimestamp,
      },
    });
  });

  it('trims the title and accepts one of exactly the maximum length', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const padded = await createLetter(server, owner, { title: '   Request for release   ' });
    expect(padded.title).toBe('Request for release');
    const longest = 'x'.repeat(LetterLimits.maxTitleLength);
    expect((await createLetter(server, owner, { title: longest })).title).toBe(longest);
  });

  it('gives each letter its own id', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const [first, second] = await Promise.all([createLetter(server, owner), createLetter(server, owner)]);
    expect(first.id).not.toBe(second.id);
  });

  it('seeds the body on the server with the template\'s 14 section headings', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const { doc, provider } = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(provider);
    const expectedHeadings = medicalAdvocacyTemplate.sections.map((section) => section.heading);
    expect(expectedHeadings).toHaveLength(14);
    expect(headingTexts(doc)).toEqual(expectedHeadings);
    // Each heading is followed by an empty paragraph to write in.
    expect(blockTexts(doc)).toEqual(expectedHeadings.flatMap((heading) => [heading, '']));
  });

  it.each([
    ['a missing title', {}],
    ['an empty title', { title: '' }],
    ['a blank title', { title: '   ' }],
    ['a title that is not a string', { title: 42 }],
    ['a title one character too long', { title: 'x'.repeat(LetterLimits.maxTitleLength + 1) }],
    ['an unknown template', { title: 'A letter', template: 'no-such-template' }],
    ['an unknown field', { title: 'A letter', colour: 'blue' }],
    ['a JSON array', [{ title: 'A letter' }]],
  ])('rejects %s with 400 and the error shape, creating nothing', async (_case, body) => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const response = await requestJson(server, '/api/letters', { method: 'POST', body, session: owner });
    await expectApiError(response, 400);
    const list = await requestJson(server, '/api/letters', { session: owner });
    expect(await list.json()).toEqual({ letters: [] });
  });

  it('rejects a body that is not JSON with 400 and the error shape', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const response = await requestJson(server, '/api/letters', { method: 'POST', body: '{"title": "unterminated', session: owner });
    await expectApiError(response, 400);
  });

  it.each([
    ['a foreign origin', 'http://evil.example'],
    ['no Origin header', null],
  ])('refuses a request with %s with 403, creating nothing (CONTRACT: mutations come from the app\'s origin)', async (_case, origin) => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const response = await requestJson(server, '/api/letters', { method: 'POST', body: { title: uniqueTitle() }, origin, session: owner });
    await expectApiError(response, 403);
    const list = await requestJson(server, '/api/letters', { session: owner });
    expect(await list.json()).toEqual({ letters: [] });
  });
});

describe('GET /api/letters and /api/letters/:id', () => {
  it('lists every created letter and reads each one back', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const created = [await createLetter(server, owner), await createLetter(server, owner), await createLetter(server, owner)];

    const list = await requestJson(server, '/api/letters', { session: owner });
    expect(list.status).toBe(200);
    const { letters } = (await list.json()) as { letters: LetterSummary[] }; // asserted element by element below
    expect(letters).toHaveLength(created.length);
    expect(letters.map(({ people: _people, deadline: _deadline, ...letter }) => letter)).toEqual(expect.arrayContaining(created));
    for (const summary of letters) {
      expect(summary.people).toEqual([
        { userId: owner.user.id, name: owner.user.name, profession: owner.user.profession, role: 'owner', online: false },
      ]);
    }

    for (const letter of created) {
      const response = await requestJson(server, `/api/letters/${letter.id}`, { session: owner });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ letter });
    }
  });

  it('answers an empty list on a fresh server', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const response = await requestJson(server, '/api/letters', { session: owner });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ letters: [] });
  });

  it.each([
    ['an unknown letter id', () => randomUUID()],
    ['an id that is not a UUID', () => 'not-a-letter'],
  ])('answers 404 with the error shape for %s', async (_case, makeId) => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    await createLetter(server, owner);
    await expectApiError(await requestJson(server, `/api/letters/${makeId()}`, { session: owner }), 404);
  });

  it('refuses a body over 64 KiB with 413 and the error shape, creating nothing', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const response = await requestJson(server, '/api/letters', { method: 'POST', body: { title: 'x'.repeat(70 * 1024) }, session: owner });
    expect((await expectApiError(response, 413)).code).toBe('payload_too_large');
    const list = await requestJson(server, '/api/letters', { session: owner });
    expect(await list.json()).toEqual({ letters: [] });
  });

  it('answers 404 with the error shape for an unknown API route', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    await expectApiError(await requestJson(server, `/api/no-such-route-${randomUUID()}`, { session: owner }), 404);
  });
});

describe('letters across a restart', () => {
  it('keeps letters (and sessions) after the server closes and starts again on the same data directory', async () => {
    const dataDir = await resources.tempDir();
    const first = await resources.startServer({ dataDir });
    const owner = await createUser(first);
    const letter = await createLetter(first, owner);
    await first.stop();

    const second = await resources.startServer({ dataDir });
    const response = await requestJson(second, `/api/letters/${letter.id}`, { session: owner });
    expect(await response.json()).toEqual({ letter });
  });
});
