/**
 * The status workflow: owners move letters along STATUS_TRANSITIONS and nowhere else; each change
 * is audited; sending records what went out and to whom, and freezes the letter (sockets come back
 * read-only, case, checklist and title refuse changes) until an owner reopens it.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Letter, LetterStatus } from '../../../shared/letters';
import { LETTER_STATUSES, STATUS_TRANSITIONS } from '../../../shared/letters';
import { CloseReason } from '../../../shared/protocol';
import { medicalAdvocacyTemplate } from '../../../shared/templates';
import { trackAcks } from '../../helpers/acks';
import { createUser } from '../../helpers/accounts';
import { letterAudit } from '../../helpers/audit';
import type { Session } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { addMember, createLetter, createSharedLetter } from '../../helpers/letters';
import { joinRaw } from '../../helpers/rawClient';
import { useTestResources } from '../../helpers/resources';
import { connectSyncedPair } from '../../helpers/rooms';
import { waitForSynced, waitUntil } from '../../helpers/wait';
import {
  changeStatusRequest,
  getChecklist,
  getLetter,
  getSends,
  itemAt,
  moveToStatus,
  patchCase,
  patchCaseRequest,
  patchItemRequest,
  readSentStates,
  watchProviderCloses,
} from '../../helpers/workspace';
import { REVIEW_STATUSES } from '../../../shared/reviews';
import { appendParagraph, blockTexts, headingTexts, storedTexts } from '../../helpers/ydoc';

const resources = useTestResources();
const templateHeadings = medicalAdvocacyTemplate.sections.map((section) => section.heading);

describe('transitions', () => {
  describe.each(LETTER_STATUSES)('from %s', (from) => {
    it(`allows exactly ${JSON.stringify(STATUS_TRANSITIONS[from])} (200, or 409 review_required for a review status) and answers 409 invalid_transition otherwise`, async () => {
      const server = await resources.startServer();
      const owner = await createUser(server);
      for (const to of LETTER_STATUSES.filter((status) => status !== from)) {
        const letter = await createLetter(server, owner);
        await moveToStatus(server, owner, letter.id, from);
        const response = await changeStatusRequest(server, owner, letter.id, to);
        if (STATUS_TRANSITIONS[from].includes(to) && REVIEW_STATUSES.includes(to)) {
          // Allowed, but only through a review: asking a named reviewer, or that reviewer's outcome.
          expect((await expectApiError(response, 409)).code, `${from} -> ${to}`).toBe('review_required');
          expect((await getLetter(server, owner, letter.id)).status, `${from} -> ${to} refused`).toBe(from);
        } else if (STATUS_TRANSITIONS[from].includes(to)) {
          const { letter: changed } = await expectJson<{ letter: Letter }>(response, 200);
          expect(changed, `${from} -> ${to}`).toMatchObject({ id: letter.id, status: to, frozen: to === 'sent' });
        } else {
          expect((await expectApiError(response, 409)).code, `${from} -> ${to}`).toBe('invalid_transition');
          expect((await getLetter(server, owner, letter.id)).status, `${from} -> ${to} refused`).toBe(from);
        }
      }
    });
  });

  it('asking for the status a letter already has changes and audits nothing', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    await moveToStatus(server, owner, letter.id, 'in_review');
    const { letter: same } = await expectJson<{ letter: Letter }>(changeStatusRequest(server, owner, letter.id, 'in_review'), 200);
    expect(same.status).toBe('in_review');
    expect(await letterAudit(server, owner, letter.id, { action: 'letter.status_changed' })).toHaveLength(1);
  });

  it('only owners change the status: editors, commenters and viewers 403, outsiders 404, no session 401', async () => {
    const server = await resources.startServer();
    const shared = await createSharedLetter(server);
    const { letter, owner } = shared;
    const refused: { who: string; session: Session | null; status: number; code: string }[] = [
      { who: 'editor', session: shared.editor, status: 403, code: 'forbidden' },
      { who: 'commenter', session: shared.commenter, status: 403, code: 'forbidden' },
      { who: 'viewer', session: shared.viewer, status: 403, code: 'forbidden' },
      { who: 'outsider', session: shared.outsider, status: 404, code: 'not_found' },
      { who: 'no session', session: null, status: 401, code: 'unauthenticated' },
    ];
    for (const caller of refused) {
      const response = await changeStatusRequest(server, caller.session, letter.id, 'in_review');
      expect((await expectApiError(response, caller.status)).code, caller.who).toBe(caller.code);
    }
    // An editor may rename, but not rename and change the status in one go.
    const title = `Renamed ${randomUUID()}`;
    const both = await requestJson(server, `/api/letters/${letter.id}`, { method: 'PATCH', session: shared.editor, body: { title, status: 'in_review' } });
    expect((await expectApiError(both, 403)).code).toBe('forbidden');
    expect(await getLetter(server, owner, letter.id)).toMatchObject({ status: 'draft', title: letter.title });
    expect(await letterAudit(server, owner, letter.id, { action: 'letter.status_changed' })).toEqual([]);
    await moveToStatus(server, owner, letter.id, 'in_review');
  });

  it('audits every change as letter.status_changed with from and to, and no refused one', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const walk: LetterStatus[] = ['in_review', 'changes_requested', 'in_review', 'approved', 'sent', 'draft'];
    let from: LetterStatus = 'draft';
    const expected: { from: LetterStatus; to: LetterStatus }[] = [];
    for (const to of walk) {
      await moveToStatus(server, owner, letter.id, to);
      expected.push({ from, to });
      from = to;
      const refused = LETTER_STATUSES.find((status) => status !== to && !STATUS_TRANSITIONS[to].includes(status));
      expect(refused, `some status is refused from ${to}`).toBeDefined();
      if (refused) await expectApiError(await changeStatusRequest(server, owner, letter.id, refused), 409);
    }
    const entries = await letterAudit(server, owner, letter.id, { action: 'letter.status_changed' });
    // The owner asks for reviews and marks sent; the reviewer's outcomes are audited as the reviewer's.
    const outcome = (status: LetterStatus) => status === 'approved' || status === 'changes_requested';
    expect(entries.reverse().map((entry) => ({ byOwner: entry.actorId === owner.user.id, ...entry.detail }))).toEqual(expected.map((change) => ({ byOwner: !outcome(change.to), ...change })));
  });
});

describe('sending', () => {
  it('records a send with time, sender and the case recipient, storing the document as it was', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, viewer, outsider } = await createSharedLetter(server);
    await patchCase(server, editor, letter.id, { recipientName: 'Dr. Ada Field', recipientTitle: 'Field Office Director', recipientOffice: 'ICE ERO Example' });
    await moveToStatus(server, owner, letter.id, 'approved');
    expect(await getSends(server, owner, letter.id)).toEqual([]);

    // Typed just before sending: received by the server, perhaps not yet committed.
    const writer = await joinRaw(resources, server, letter.id, editor);
    const typed = `typed before sending ${randomUUID()}`;
    writer.sendEdit(typed);
    await writer.roundTrip();
    const before = Date.now();
    await expectJson(changeStatusRequest(server, owner, letter.id, 'sent'), 200);
    const after = Date.now();

    const sends = await getSends(server, viewer, letter.id);
    expect(sends).toEqual([
      {
        id: expect.any(String),
        sentAt: expect.any(String),
        sentBy: { userId: owner.user.id, name: owner.user.name },
        recipient: 'Dr. Ada Field, Field Office Director, ICE ERO Example',
        // Sent without the dialog's acknowledgement: the list is kept, marked as not confirmed.
        outstanding: expect.objectContaining({ acknowledged: false }),
      },
    ]);
    const sentAt = Date.parse(sends[0]?.sentAt ?? '');
    expect(sentAt).toBeGreaterThanOrEqual(before - 1000);
    expect(sentAt).toBeLessThanOrEqual(after + 1000);
    await expectApiError(await requestJson(server, `/api/letters/${letter.id}/sends`, { session: outsider }), 404);

    const [sentDoc, ...otherSends] = await readSentStates(server.database, letter.id);
    expect(otherSends).toEqual([]);
    if (!sentDoc) throw new Error('letter_sends holds no state for the send');
    expect(headingTexts(sentDoc)).toEqual(templateHeadings);
    expect(blockTexts(sentDoc)).toContain(typed);
    sentDoc.destroy();

    // Reopened, changed and sent again: a second send, newest first, with only its own content.
    await moveToStatus(server, owner, letter.id, 'draft');
    const rewriter = await joinRaw(resources, server, letter.id, editor);
    const later = `typed after reopening ${randomUUID()}`;
    rewriter.sendEdit(later);
    await rewriter.roundTrip();
    await patchCase(server, owner, letter.id, { recipientName: 'Dr. Bea Second', recipientTitle: '', recipientOffice: '' });
    await moveToStatus(server, owner, letter.id, 'sent');
    const resent = await getSends(server, owner, letter.id);
    expect(resent.map((send) => send.recipient)).toEqual(['Dr. Bea Second', 'Dr. Ada Field, Field Office Director, ICE ERO Example']);
    const states = await readSentStates(server.database, letter.id);
    expect(states.map((doc) => [blockTexts(doc).includes(typed), blockTexts(doc).includes(later)])).toEqual([
      [true, false],
      [true, true],
    ]);
    for (const doc of states) doc.destroy();
  });

  it("closes an editor's provider with 4500; it reconnects read-only and its edits are dropped, also after a restart", async () => {
    const dataDir = await resources.tempDir();
    const server = await resources.startServer({ dataDir });
    const owner = await createUser(server);
    const editor = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, editor, 'editor');
    const [ownerClient, editorClient] = await connectSyncedPair(resources, server, letter.id, owner, editor);
    const closes = watchProviderCloses(editorClient.provider);

    const typed = `before sending ${randomUUID()}`;
    appendParagraph(editorClient.doc, typed);
    await waitUntil(() => expect(blockTexts(ownerClient.doc)).toContain(typed));
    await moveToStatus(server, owner, letter.id, 'approved');
    expect(closes.codes, 'only sending (and reopening) closes sockets').toEqual([]);
    const sent = await moveToStatus(server, owner, letter.id, 'sent');
    expect(sent.frozen).toBe(true);
    expect(await getLetter(server, editor, letter.id)).toMatchObject({ status: 'sent', frozen: true, role: 'editor' });

    await waitUntil(() => expect(closes.codes).toEqual([CloseReason.roleChanged.code]));
    await waitUntil(() => expect(editorClient.provider.wsconnected).toBe(true));
    await waitForSynced(editorClient.provider);
    expect(editorClient.provider.shouldConnect).toBe(true);
    await waitForSynced(ownerClient.provider);
    const frozenTexts = blockTexts(ownerClient.doc);
    expect(frozenTexts).toContain(typed);

    const dropped = `after sending ${randomUUID()}`;
    appendParagraph(editorClient.doc, dropped);
    await waitUntil(async () => {
      const rejected = await letterAudit(server, owner, letter.id, { action: 'sync.edit_rejected' });
      expect(rejected.map((entry) => entry.actorId)).toEqual([editor.user.id]);
    });
    expect(blockTexts(ownerClient.doc)).toEqual(frozenTexts);
    expect(await storedTexts(server.database, letter.id)).toEqual(frozenTexts);
    expect(editorClient.provider.wsconnected, 'one dropped edit does not cost the connection').toBe(true);

    // After a restart the letter is still frozen: the editor's replica offers the edit again and it is dropped again.
    editorClient.provider.destroy();
    ownerClient.provider.destroy();
    await server.stop();
    const restarted = await resources.startServer({ dataDir });
    const editorAgain = resources.connect(restarted, letter.id, { session: editor, doc: editorClient.doc });
    await waitForSynced(editorAgain.provider);
    await waitUntil(async () => {
      const rejected = await letterAudit(restarted, owner, letter.id, { action: 'sync.edit_rejected' });
      expect(rejected.map((entry) => entry.actorId)).toEqual([editor.user.id, editor.user.id]);
    });
    const ownerAgain = resources.connect(restarted, letter.id, { session: owner });
    await waitForSynced(ownerAgain.provider);
    expect(headingTexts(ownerAgain.doc)).toEqual(templateHeadings);
    expect(blockTexts(ownerAgain.doc)).toEqual(frozenTexts);
    expect(await storedTexts(restarted.database, letter.id)).toEqual(frozenTexts);
    expect(blockTexts(editorAgain.doc), 'the editor still holds its dropped edit locally').toContain(dropped);
  });

  it('while sent, case details, checklist and title changes are 409 letter_sent; reading still works', async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter } = await createSharedLetter(server);
    await moveToStatus(server, owner, letter.id, 'sent');
    const item = itemAt(await getChecklist(server, owner, letter.id), 0);

    const attempts: { what: string; send: () => Promise<Response> }[] = [
      { what: 'case by owner', send: () => patchCaseRequest(server, owner, letter.id, { facility: 'Changed after sending' }) },
      { what: 'case by editor', send: () => patchCaseRequest(server, editor, letter.id, { deadline: '2030-01-01' }) },
      { what: 'tick by commenter', send: () => patchItemRequest(server, commenter, letter.id, item.id, { ticked: true }) },
      { what: 'reword by owner', send: () => patchItemRequest(server, owner, letter.id, item.id, { text: 'Changed after sending' }) },
      { what: 'add by owner', send: () => requestJson(server, `/api/letters/${letter.id}/checklist`, { method: 'POST', session: owner, body: { sectionKey: 'review', text: 'Late item' } }) },
      { what: 'remove by owner', send: () => requestJson(server, `/api/letters/${letter.id}/checklist/${item.id}`, { method: 'DELETE', session: owner }) },
      { what: 'title by editor', send: () => requestJson(server, `/api/letters/${letter.id}`, { method: 'PATCH', session: editor, body: { title: 'Renamed after sending' } }) },
      { what: 'title by owner', send: () => requestJson(server, `/api/letters/${letter.id}`, { method: 'PATCH', session: owner, body: { title: 'Renamed after sending' } }) },
    ];
    const caseBefore = await expectJson<unknown>(requestJson(server, `/api/letters/${letter.id}/case`, { session: commenter }), 200);
    const checklistBefore = await getChecklist(server, commenter, letter.id);
    for (const attempt of attempts) {
      expect((await expectApiError(await attempt.send(), 409)).code, attempt.what).toBe('letter_sent');
    }
    expect(await expectJson<unknown>(requestJson(server, `/api/letters/${letter.id}/case`, { session: commenter }), 200)).toEqual(caseBefore);
    expect(await getChecklist(server, commenter, letter.id)).toEqual(checklistBefore);
    expect(await getLetter(server, owner, letter.id)).toMatchObject({ title: letter.title, status: 'sent', frozen: true });

    // Reopened, all of it works again.
    expect((await moveToStatus(server, owner, letter.id, 'draft')).frozen).toBe(false);
    for (const attempt of attempts) {
      const response = await attempt.send();
      expect(response.status, `${attempt.what} after reopening`).toBeLessThan(300);
    }
  });

  it('reopening (sent -> draft) closes sockets with 4500 again and lets the editor type', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const editor = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, editor, 'editor');
    await moveToStatus(server, owner, letter.id, 'sent');
    const ownerClient = resources.connect(server, letter.id, { session: owner, ack: true, connect: false });
    const ownerAcks = trackAcks(ownerClient.provider);
    ownerClient.provider.connect();
    const editorClient = resources.connect(server, letter.id, { session: editor });
    await Promise.all([waitForSynced(ownerClient.provider), waitForSynced(editorClient.provider)]);
    const closes = watchProviderCloses(editorClient.provider);

    const reopened = await moveToStatus(server, owner, letter.id, 'draft');
    expect(reopened).toMatchObject({ status: 'draft', frozen: false });
    await waitUntil(() => expect(closes.codes).toEqual([CloseReason.roleChanged.code]));
    await waitUntil(() => expect(editorClient.provider.wsconnected).toBe(true));
    await waitForSynced(editorClient.provider);

    const typed = `after reopening ${randomUUID()}`;
    appendParagraph(editorClient.doc, typed);
    await waitUntil(() => expect(blockTexts(ownerClient.doc)).toContain(typed));
    await ownerAcks.waitForSaved(ownerClient.doc);
    expect(await storedTexts(server.database, letter.id)).toContain(typed);
    expect(await letterAudit(server, owner, letter.id, { action: 'sync.edit_rejected' })).toEqual([]);
  });
});
