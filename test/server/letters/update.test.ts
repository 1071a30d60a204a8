/** `PATCH /api/letters/:id`: renaming (owners and editors) and the status (owners only; the review statuses only through a review). */
import { describe, expect, it } from 'vitest';
import type { Letter, LetterStatus } from '../../../shared/letters';
import { LETTER_STATUSES } from '../../../shared/letters';
import { LetterLimits } from '../../../shared/limits';
import type { ReviewOutcome } from '../../../shared/reviews';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import type { HttpTarget, Session } from '../../helpers/http';
import { createSharedLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { finishReview, listReviews, requestReview } from '../../helpers/reviews';

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

  it('moves the letter through every status: the review statuses by a review, the others by the owner', async () => {
    const server = await resources.startServer();
    const { letter, owner, commenter, viewer } = await createSharedLetter(server);
    // How each status is reached: asking the commenter to review, the commenter's outcome, or the owner's change.
    const ask = async () => {
      await requestReview(server, owner, letter.id, commenter.user.id);
    };
    const finish = (outcome: ReviewOutcome) => async () => {
      const pending = (await listReviews(server, owner, letter.id)).find((review) => review.state === 'pending');
      if (!pending) throw new Error('no pending review');
      await finishReview(server, commenter, letter.id, pending.id, outcome, 'Reviewed.');
    };
    const byOwner = (status: LetterStatus) => async () => {
      await expectJson<{ letter: Letter }>(patch(server, owner, letter.id, { status }), 200);
    };
    const path: [LetterStatus, () => Promise<void>][] = [
      ['in_review', ask],
      ['changes_requested', finish('request_changes')],
      ['in_review', ask],
      ['approved', finish('approve')],
      ['sent', byOwner('sent')],
      ['draft', byOwner('draft')],
    ];
    expect(new Set(path.map(([status]) => status))).toEqual(new Set(LETTER_STATUSES));
    for (const [status, step] of path) {
      await step();
      expect((await read(server, owner, letter.id)).status).toBe(status);
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
