/**
 * The check before marking a letter sent: `GET /api/letters/:id/send-check` lists what is
 * outstanding (unticked checklist items, open threads, pending reviews, empty sections), and
 * marking sent records that list with the send, refusing (409, nothing written) an acknowledgement
 * of a list that has changed since.
 */
import { describe, expect, it } from 'vitest';
import { MASKED_TEXT } from '../../../shared/caseDetails';
import type { SendCheck } from '../../../shared/sendCheck';
import { requestForCareTemplate } from '../../../shared/templates';
import { createUser } from '../../helpers/accounts';
import { postThread, resolveRequest, threadBody } from '../../helpers/comments';
import type { HttpTarget, Session } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { addMember, createLetter, createSharedLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { finishReview, requestReview } from '../../helpers/reviews';
import { blockText, listVersions } from '../../helpers/versions';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import { getChecklist, getLetter, getSends, moveToStatus, patchItem } from '../../helpers/workspace';
import { setUpWorkshop } from '../../helpers/workshops';
import { putPairs } from '../workshops/session';

const resources = useTestResources();

function sendCheckRequest(server: HttpTarget, session: Session | null, letterId: string): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}/send-check`, { session });
}

async function getSendCheck(server: HttpTarget, session: Session, letterId: string): Promise<SendCheck> {
  return (await expectJson<{ sendCheck: SendCheck }>(sendCheckRequest(server, session, letterId), 200)).sendCheck;
}

function markSentRequest(server: HttpTarget, session: Session, letterId: string, body: Record<string, unknown>): Promise<Response> {
  return requestJson(server, `/api/letters/${letterId}`, { method: 'PATCH', session, body: { status: 'sent', ...body } });
}

/**
 * An approved "request for care" letter with one checklist item left unticked, one open thread
 * (and one resolved), one pending review (and one approved), and every section written but
 * "Findings and diagnoses".
 */
async function letterWithLooseEnds() {
  const server = await resources.startServer();
  const owner = await createUser(server, { name: 'Olive Owner' });
  const lawyer = await createUser(server, { name: 'Lena Lawyer' });
  const second = await createUser(server, { name: 'Sam Second' });
  const letter = await createLetter(server, owner, { template: 'request-for-care' });
  await addMember(server, owner, letter.id, lawyer, 'editor');
  await addMember(server, owner, letter.id, second, 'editor');

  const items = await getChecklist(server, owner, letter.id);
  const [left, ...rest] = items;
  for (const item of rest) await patchItem(server, owner, letter.id, item.id, { ticked: true });

  const writer = resources.connect(server, letter.id, { session: owner });
  await waitForSynced(writer.provider);
  const emptyIndex = requestForCareTemplate.sections.findIndex((section) => section.key === 'findings');
  requestForCareTemplate.sections.forEach((section, index) => {
    if (index !== emptyIndex && section.key !== 'header') blockText(writer.doc, 2 * index + 1).insert(0, `Text of ${section.heading}.`);
  });

  const open = await postThread(server, owner, letter.id, threadBody({ body: 'Please confirm the date of the last   hospital visit before we send this letter out to the officer' }));
  const closed = await postThread(server, owner, letter.id, threadBody({ body: 'Resolved already' }));
  await expectJson(resolveRequest(server, owner, letter.id, closed.id, { resolved: true }), 200);

  const approval = await requestReview(server, owner, letter.id, lawyer.user.id);
  await requestReview(server, owner, letter.id, second.user.id);
  await finishReview(server, lawyer, letter.id, approval.id, 'approve', 'Fine by me.');
  expect((await getLetter(server, owner, letter.id)).status).toBe('approved');

  // The server has stored every section written above.
  await waitUntil(async () => expect((await getSendCheck(server, owner, letter.id)).emptySections).toEqual(['Findings and diagnoses']));
  return { server, owner, lawyer, second, letter, writer, leftItem: left, openThread: open };
}

describe('GET /api/letters/:id/send-check', () => {
  it('lists unticked items, open threads, pending reviews and empty sections, and nothing else', async () => {
    const { server, owner, letter, leftItem, openThread } = await letterWithLooseEnds();
    const check = await getSendCheck(server, owner, letter.id);
    expect(check).toEqual({
      uncheckedItems: [leftItem?.text],
      openThreads: [{ id: openThread.id, excerpt: 'Please confirm the date of the last hospital visit before we send…' }],
      pendingReviews: ['Sam Second'],
      emptySections: ['Findings and diagnoses'],
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // The same list gives the same fingerprint.
    expect((await getSendCheck(server, owner, letter.id)).fingerprint).toBe(check.fingerprint);
  });

  it('lists nothing for a letter with nothing outstanding (the Header may stay empty)', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner, { template: 'request-for-care' });
    for (const item of await getChecklist(server, owner, letter.id)) await patchItem(server, owner, letter.id, item.id, { ticked: true });
    const writer = resources.connect(server, letter.id, { session: owner });
    await waitForSynced(writer.provider);
    requestForCareTemplate.sections.forEach((section, index) => {
      if (section.key !== 'header') blockText(writer.doc, 2 * index + 1).insert(0, 'Written.');
    });
    await waitUntil(async () => expect((await getSendCheck(server, owner, letter.id)).emptySections).toEqual([]));
    expect(await getSendCheck(server, owner, letter.id)).toMatchObject({ uncheckedItems: [], openThreads: [], pendingReviews: [], emptySections: [] });
  });

  it('is for those who may mark the letter sent: 401 without a session, 404 for non-members, 403 for other roles', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter, viewer, outsider } = await createSharedLetter(server);
    expect((await expectApiError(await sendCheckRequest(server, null, letter.id), 401)).code).toBe('unauthenticated');
    expect((await expectApiError(await sendCheckRequest(server, outsider, letter.id), 404)).message).toMatch(/letter/);
    expect((await expectApiError(await sendCheckRequest(server, owner, 'not-a-letter-id'), 404)).message).toMatch(/letter/);
    for (const member of [editor, commenter, viewer]) expect((await sendCheckRequest(server, member, letter.id)).status).toBe(403);
    expect((await sendCheckRequest(server, owner, letter.id)).status).toBe(200);
  });
});

describe('marking sent records what was outstanding', () => {
  it('keeps the acknowledged list with the send record', async () => {
    const { server, owner, letter } = await letterWithLooseEnds();
    const check = await getSendCheck(server, owner, letter.id);
    expect((await markSentRequest(server, owner, letter.id, { acknowledged: check.fingerprint })).status).toBe(200);
    const { fingerprint: _fingerprint, ...items } = check;
    const [send] = await getSends(server, owner, letter.id);
    expect(send?.outstanding).toEqual({ ...items, acknowledged: true });
    expect((await getLetter(server, owner, letter.id)).status).toBe('sent');
  });

  it('refuses an acknowledgement of a list that changed since (409 with the new list) and writes nothing', async () => {
    const { server, owner, letter } = await letterWithLooseEnds();
    const shown = await getSendCheck(server, owner, letter.id);
    const versionsBefore = await listVersions(server, owner, letter.id);
    // Someone opens a thread while the dialog is open.
    const late = await postThread(server, owner, letter.id, threadBody({ body: 'One more thing' }));

    const response = await markSentRequest(server, owner, letter.id, { acknowledged: shown.fingerprint, title: 'Renamed while sending' });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { error: { code: string; message: string }; sendCheck: SendCheck };
    expect(body.error.code).toBe('send_check_changed');
    expect(body.error.message).toMatch(/changed/);
    expect(body.sendCheck.openThreads.map((thread) => thread.id)).toContain(late.id);
    expect(body.sendCheck.fingerprint).not.toBe(shown.fingerprint);
    expect(await getLetter(server, owner, letter.id)).toMatchObject({ status: 'approved', frozen: false, title: letter.title });
    expect(await getSends(server, owner, letter.id)).toEqual([]);
    expect(await listVersions(server, owner, letter.id)).toEqual(versionsBefore);

    // Confirming the new list sends.
    expect((await markSentRequest(server, owner, letter.id, { acknowledged: body.sendCheck.fingerprint })).status).toBe(200);
    const [send] = await getSends(server, owner, letter.id);
    expect(send?.outstanding?.openThreads.map((thread) => thread.excerpt)).toEqual(expect.arrayContaining(['One more thing']));
  });

  it('refuses a changed list when the body changed too (a section was emptied)', async () => {
    const { server, owner, letter, writer } = await letterWithLooseEnds();
    const shown = await getSendCheck(server, owner, letter.id);
    const summary = blockText(writer.doc, 3);
    summary.delete(0, summary.length);
    await waitUntil(async () => expect((await getSendCheck(server, owner, letter.id)).emptySections).toContain('Summary of request'));
    const response = await markSentRequest(server, owner, letter.id, { acknowledged: shown.fingerprint });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('send_check_changed');
    expect((await getLetter(server, owner, letter.id)).status).toBe('approved');
  });

  it('still accepts a request without an acknowledgement (scripts), recording that nobody confirmed the list', async () => {
    const { server, owner, letter } = await letterWithLooseEnds();
    expect((await markSentRequest(server, owner, letter.id, {})).status).toBe(200);
    const [send] = await getSends(server, owner, letter.id);
    expect(send?.outstanding).toMatchObject({ acknowledged: false, pendingReviews: ['Sam Second'], emptySections: ['Findings and diagnoses'] });
  });

  it('rejects a malformed acknowledgement, or one without marking sent, with a 400 and changes nothing', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    await moveToStatus(server, owner, letter.id, 'approved');
    for (const acknowledged of ['yes', 'A'.repeat(64), 42, null]) {
      const error = await expectApiError(await markSentRequest(server, owner, letter.id, { acknowledged }), 400);
      expect(error.message).toMatch(/acknowledged/);
    }
    const fingerprint = (await getSendCheck(server, owner, letter.id)).fingerprint;
    const error = await expectApiError(await requestJson(server, `/api/letters/${letter.id}`, { method: 'PATCH', session: owner, body: { status: 'draft', acknowledged: fingerprint } }), 400);
    expect(error.message).toMatch(/acknowledged/);
    expect(await getLetter(server, owner, letter.id)).toMatchObject({ status: 'approved' });
    expect(await getSends(server, owner, letter.id)).toEqual([]);
  });

  it('shows a de-identified member how many things were outstanding, never their words', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, partner] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    await postThread(server, writer.user, writer.letterId, threadBody({ body: 'Ask Mariá Gonzales-Reyes about the clinic visit' }));
    await moveToStatus(server, writer.user, writer.letterId, 'sent');
    await putPairs(server, facilitator, workshop.id, [{ a: writer.user.user.id, b: partner.user.user.id }]);

    const raw = await (await requestJson(server, `/api/letters/${writer.letterId}/sends`, { session: partner.user })).text();
    expect(raw).not.toContain('Gonzales');
    const [seen] = await getSends(server, partner.user, writer.letterId);
    expect(seen?.outstanding?.openThreads.map((thread) => thread.excerpt)).toEqual([MASKED_TEXT]);
    expect(seen?.outstanding?.uncheckedItems.length).toBeGreaterThan(0);
    expect(seen?.outstanding?.uncheckedItems.every((text) => text === MASKED_TEXT)).toBe(true);
    // The writer sees the words.
    const [own] = await getSends(server, writer.user, writer.letterId);
    expect(own?.outstanding?.openThreads[0]?.excerpt).toBe('Ask Mariá Gonzales-Reyes about the clinic visit');
  });
});
