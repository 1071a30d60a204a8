/** `PATCH /api/letters/:id`: renaming (owners and editors) and the review status (owners only). */
import { describe, expect, it } from 'vitest';
import type { Letter, LetterStatus } from '../../../shared/letters';
import { LETTER_STATUSES } from '../../../shared/letters';
import { LetterLimits } from '../../../shared/limits';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import type { HttpTarget, Session } from '../../helpers/http';
import { createSharedLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();

function patch(server: HttpTarget, session: Session, letterId: string, body: unknown) {
  return requestJson(server, `/api/letters/${letterId}`, { method: 'PATCH', session, body });
}

async function read(server: HttpTarget, session: Session, letterId: string): Promise<Letter> {
  return (await expectJson<{ letter: Letter }>(requestJson(server, `/api/letters/${letterId}`, { session }), 200)).letter;
}

describe('PATCH /api/letters/:id', () => {
  it('lets an editor rename the letter; everyone sees the trimmed title', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, viewer } = await createSharedLetter(server);
    const { letter: renamed } = await expectJson<{ letter: Letter }>(patch(server, editor, letter.id, { title: '  Request for humanitarian parole  ' }), 200);
    expect(renamed).toMatchObject({ id: letter.id, title: 'Request for humanitarian parole', role: 'editor', status: 'draft' });
    expect((await read(server, owner, letter.id)).title).toBe('Request for humanitarian parole');
    expect((await read(server, viewer, letter.id)).title).toBe('Request for humanitarian parole');
  });

  it('lets the owner move the letter through every status', async () => {
    const server = await resources.startServer();
    const { letter, owner, viewer } = await createSharedLetter(server);
    const path: LetterStatus[] = ['in_review', 'changes_requested', 'in_review', 'approved', 'sent', 'draft'];
    expect(new Set(path)).toEqual(new Set(LETTER_STATUSES));
    for (const status of path) {
      const { letter: updated } = await expectJson<{ letter: Letter }>(patch(server, owner, letter.id, { status }), 200);
      expect(updated.status).toBe(status);
      expect((await read(server, viewer, letter.id)).status).toBe(status);
    }
  });

  it('refuses a move the workflow does not allow (409 invalid_transition), changing nothing', async () => {
    const server = await resources.startServer();
    const { letter, owner } = await createSharedLetter(server);
    expect((await expectApiError(await patch(server, owner, letter.id, { title: 'Skipping review', status: 'sent' }), 409)).code).toBe('invalid_transition');
    expect(await read(server, owner, letter.id)).toMatchObject({ title: letter.title, status: 'draft' });
  });

  it('refuses an editor who changes title and status together, changing neither', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor } = await createSharedLetter(server);
    expect((await expectApiError(await patch(server, editor, letter.id, { title: 'Sneaky', status: 'sent' }), 403)).code).toBe('forbidden');
    expect(await read(server, owner, letter.id)).toMatchObject({ title: letter.title, status: 'draft' });
  });

  it.each([
    ['nothing to change', {}],
    ['an unknown status', { status: 'archived' }],
    ['a blank title', { title: '   ' }],
    ['a title that is too long', { title: 'x'.repeat(LetterLimits.maxTitleLength + 1) }],
    ['an unknown field', { template: 'other' }],
  ])('refuses %s with 400, changing nothing', async (_case, body) => {
    const server = await resources.startServer();
    const { letter, owner } = await createSharedLetter(server);
    await expectApiError(await patch(server, owner, letter.id, body), 400);
    expect(await read(server, owner, letter.id)).toMatchObject({ title: letter.title, status: 'draft', template: letter.template });
  });
});
