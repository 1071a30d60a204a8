/**
 * `/api/letters/:id/checklist`: every letter starts with its own copy of the 18 default items;
 * owners, editors and commenters tick; only owners add, reword, reorder and remove; every change
 * reaches members with an ack socket live.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ChecklistItem, ChecklistTemplateItem } from '../../../shared/checklist';
import { checklistForTemplate, DEFAULT_CHECKLIST } from '../../../shared/checklist';
import { requestForCareTemplate } from '../../../shared/templates';
import { createUser } from '../../helpers/accounts';
import type { Session } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { createLetter, createSharedLetter } from '../../helpers/letters';
import { joinRaw } from '../../helpers/rawClient';
import { useTestResources } from '../../helpers/resources';
import { waitUntil } from '../../helpers/wait';
import { getChecklist, itemAt, letterEventTopics, patchItem, patchItemRequest, listenForLetterEvents } from '../../helpers/workspace';

const resources = useTestResources();

/** The checklist a new letter has, without the generated ids. */
function expectedItems(template: readonly ChecklistTemplateItem[]) {
  return template.map((item, position) => ({
    sectionKey: item.sectionKey,
    text: item.text,
    position,
    suggestion: item.suggestion ?? null,
    tickedBy: null,
    tickedAt: null,
  }));
}
const DEFAULT_ITEMS = expectedItems(DEFAULT_CHECKLIST);

/** An item's wording, unique to this run. */
function uniqueItemText(): string {
  return `Check ${randomUUID().slice(0, 8)} before sending`;
}

function withoutIds(items: readonly ChecklistItem[]): Omit<ChecklistItem, 'id'>[] {
  return items.map(({ id: _id, ...rest }) => rest);
}

/** Positions are exactly 0..n-1 in list order. */
function expectContiguous(items: readonly ChecklistItem[]): void {
  expect(items.map((item) => item.position)).toEqual(items.map((_item, index) => index));
}

describe('a new letter', () => {
  it('has the 18 default items in order, with their sections and suggestions; a shorter template only those that fit it', async () => {
    const server = await resources.startServer();
    const { letter, owner, viewer, outsider } = await createSharedLetter(server);
    const other = await createLetter(server, owner, { template: 'request-for-care' });
    expect(DEFAULT_CHECKLIST).toHaveLength(18);

    const items = await getChecklist(server, owner, letter.id);
    expect(withoutIds(items)).toEqual(DEFAULT_ITEMS);
    expect(new Set(items.map((item) => item.id)).size).toBe(18);
    // Request for medical care has no qualifications, limitations, history, risks or release sections.
    const forCare = expectedItems(checklistForTemplate(requestForCareTemplate.sections.map((section) => section.key)));
    expect(forCare.map((item) => item.sectionKey)).toEqual(['header', 'summary', 'basis', 'basis', 'findings', 'care', 'standard', 'standard', 'recommendations', 'format', 'review', 'privacy']);
    expect(withoutIds(await getChecklist(server, owner, other.id))).toEqual(forCare);
    // Every member may read it; others may not learn it exists.
    expect(await getChecklist(server, viewer, letter.id)).toEqual(items);
    expect((await expectApiError(await requestJson(server, `/api/letters/${letter.id}/checklist`, { session: outsider }), 404)).code).toBe('not_found');
    expect((await expectApiError(await requestJson(server, `/api/letters/${letter.id}/checklist`), 401)).code).toBe('unauthenticated');
  });
});

describe('ticking', () => {
  it('owners, editors and commenters tick and untick as themselves; viewers 403, outsiders 404, no session 401', async () => {
    const server = await resources.startServer();
    const shared = await createSharedLetter(server);
    const { letter, owner } = shared;
    const items = await getChecklist(server, owner, letter.id);

    for (const [index, who] of (['owner', 'editor', 'commenter'] as const).entries()) {
      const person = shared[who];
      const item = itemAt(items, index);
      const before = Date.now();
      const ticked = await patchItem(server, person, letter.id, item.id, { ticked: true });
      const after = Date.now();
      expect(ticked, who).toEqual({ ...item, tickedBy: { userId: person.user.id, name: person.user.name }, tickedAt: expect.any(String) });
      const tickedAt = Date.parse(ticked.tickedAt ?? '');
      expect(tickedAt, `${who}'s tickedAt ${ticked.tickedAt}`).toBeGreaterThanOrEqual(before - 1000);
      expect(tickedAt).toBeLessThanOrEqual(after + 1000);
      expect((await getChecklist(server, owner, letter.id))[index], who).toEqual(ticked);

      const unticked = await patchItem(server, person, letter.id, item.id, { ticked: false });
      expect(unticked, who).toEqual(item);
      expect((await getChecklist(server, owner, letter.id))[index], who).toEqual(item);
    }

    // Someone else's tick is replaced by the newest ticker.
    const retick = itemAt(items, 5);
    await patchItem(server, shared.editor, letter.id, retick.id, { ticked: true });
    expect((await patchItem(server, shared.commenter, letter.id, retick.id, { ticked: true })).tickedBy?.userId).toBe(shared.commenter.user.id);
    await patchItem(server, owner, letter.id, retick.id, { ticked: false });

    const refused: { who: string; session: Session | null; status: number; code: string }[] = [
      { who: 'viewer', session: shared.viewer, status: 403, code: 'forbidden' },
      { who: 'outsider', session: shared.outsider, status: 404, code: 'not_found' },
      { who: 'no session', session: null, status: 401, code: 'unauthenticated' },
    ];
    const target = itemAt(items, 0);
    for (const caller of refused) {
      const response = await patchItemRequest(server, caller.session, letter.id, target.id, { ticked: true });
      expect((await expectApiError(response, caller.status)).code, caller.who).toBe(caller.code);
    }
    expect(await getChecklist(server, owner, letter.id)).toEqual(items);
  });

  it('an item id that is not on this letter is 404', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const other = await createLetter(server, owner);
    const foreign = itemAt(await getChecklist(server, owner, other.id), 0);
    for (const itemId of [foreign.id, randomUUID(), 'nope']) {
      await expectApiError(await patchItemRequest(server, owner, letter.id, itemId, { ticked: true }), 404);
      await expectApiError(await requestJson(server, `/api/letters/${letter.id}/checklist/${itemId}`, { method: 'DELETE', session: owner }), 404);
    }
    expect(withoutIds(await getChecklist(server, owner, other.id))).toEqual(DEFAULT_ITEMS);
  });
});

describe('editing the list', () => {
  it('only owners add, reword, move and remove items: editors, commenters and viewers 403, outsiders 404', async () => {
    const server = await resources.startServer();
    const shared = await createSharedLetter(server);
    const { letter, owner } = shared;
    const items = await getChecklist(server, owner, letter.id);
    const target = itemAt(items, 2);
    const attempts: { what: string; send: (session: Session) => Promise<Response> }[] = [
      { what: 'add', send: (session) => requestJson(server, `/api/letters/${letter.id}/checklist`, { method: 'POST', session, body: { sectionKey: 'summary', text: uniqueItemText() } }) },
      { what: 'reword', send: (session) => patchItemRequest(server, session, letter.id, target.id, { text: uniqueItemText() }) },
      { what: 'move section', send: (session) => patchItemRequest(server, session, letter.id, target.id, { sectionKey: 'review' }) },
      { what: 'reorder', send: (session) => patchItemRequest(server, session, letter.id, target.id, { position: 0 }) },
      { what: 'tick and reword', send: (session) => patchItemRequest(server, session, letter.id, target.id, { ticked: true, text: uniqueItemText() }) },
      { what: 'remove', send: (session) => requestJson(server, `/api/letters/${letter.id}/checklist/${target.id}`, { method: 'DELETE', session }) },
    ];
    for (const [who, status] of [['editor', 403], ['commenter', 403], ['viewer', 403], ['outsider', 404]] as const) {
      for (const attempt of attempts) {
        const response = await attempt.send(shared[who]);
        expect((await expectApiError(response, status)).code, `${who}: ${attempt.what}`).toBe(status === 403 ? 'forbidden' : 'not_found');
      }
    }
    expect(await getChecklist(server, owner, letter.id)).toEqual(items);

    // The owner may do all of it.
    const text = uniqueItemText();
    const added = await expectJson<{ item: ChecklistItem }>(
      requestJson(server, `/api/letters/${letter.id}/checklist`, { method: 'POST', session: owner, body: { sectionKey: 'summary', text: `  ${text}  ` } }),
      201,
    );
    expect(added.item).toEqual({ id: expect.any(String), sectionKey: 'summary', text, position: 18, suggestion: null, tickedBy: null, tickedAt: null });
    const reworded = uniqueItemText();
    expect(await patchItem(server, owner, letter.id, target.id, { text: reworded, sectionKey: 'review' })).toEqual({ ...target, text: reworded, sectionKey: 'review' });
    const removed = await requestJson(server, `/api/letters/${letter.id}/checklist/${target.id}`, { method: 'DELETE', session: owner });
    expect(removed.status).toBe(204);
    const after = await getChecklist(server, owner, letter.id);
    expect(after.map((item) => item.id)).toEqual([...items.filter((item) => item.id !== target.id), added.item].map((item) => item.id));
    await expectApiError(await requestJson(server, `/api/letters/${letter.id}/checklist/${target.id}`, { method: 'DELETE', session: owner }), 404);
  });

  it('refuses malformed item changes with 400, changing nothing', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const items = await getChecklist(server, owner, letter.id);
    const target = itemAt(items, 0);
    for (const body of [{}, { text: '   ' }, { text: 'x'.repeat(501) }, { position: -1 }, { position: 1.5 }, { ticked: 'yes' }, { sectionKey: '' }, { done: true }]) {
      expect((await expectApiError(await patchItemRequest(server, owner, letter.id, target.id, body), 400)).code, JSON.stringify(body)).toBe('bad_request');
    }
    for (const body of [{}, { sectionKey: 'summary' }, { text: uniqueItemText() }, { sectionKey: 'summary', text: '' }, { sectionKey: 'summary', text: uniqueItemText(), position: 0 }]) {
      const response = await requestJson(server, `/api/letters/${letter.id}/checklist`, { method: 'POST', session: owner, body });
      expect((await expectApiError(response, 400)).code, JSON.stringify(body)).toBe('bad_request');
    }
    expect(await getChecklist(server, owner, letter.id)).toEqual(items);
  });

  it('reordering moves the item and keeps positions contiguous, also after removals and additions', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    let expected = (await getChecklist(server, owner, letter.id)).map((item) => item.id);
    const move = async (itemId: string, position: number): Promise<void> => {
      const moved = await patchItem(server, owner, letter.id, itemId, { position });
      expected = expected.filter((id) => id !== itemId);
      expected.splice(Math.min(position, expected.length), 0, itemId);
      expect(moved.position).toBe(expected.indexOf(itemId));
      const items = await getChecklist(server, owner, letter.id);
      expect(items.map((item) => item.id), `after moving to ${position}`).toEqual(expected);
      expectContiguous(items);
    };

    await move(expected[17] ?? '', 0);
    await move(expected[0] ?? '', 5);
    await move(expected[3] ?? '', 10_000);
    await move(expected[9] ?? '', 9);

    const removed = expected[4] ?? '';
    expect((await requestJson(server, `/api/letters/${letter.id}/checklist/${removed}`, { method: 'DELETE', session: owner })).status).toBe(204);
    expected = expected.filter((id) => id !== removed);
    const { item: added } = await expectJson<{ item: ChecklistItem }>(
      requestJson(server, `/api/letters/${letter.id}/checklist`, { method: 'POST', session: owner, body: { sectionKey: 'privacy', text: uniqueItemText() } }),
      201,
    );
    expected.push(added.id);
    expect((await getChecklist(server, owner, letter.id)).map((item) => item.id)).toEqual(expected);
    await move(added.id, 1);
    await move(expected[2] ?? '', 16);
  });

  it('each letter keeps its own copy: changing one letter\'s checklist leaves another\'s alone', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const first = await createLetter(server, owner);
    const second = await createLetter(server, owner);
    const firstItems = await getChecklist(server, owner, first.id);
    const secondItems = await getChecklist(server, owner, second.id);
    expect(firstItems.map((item) => item.id).filter((id) => secondItems.some((other) => other.id === id))).toEqual([]);

    await patchItem(server, owner, first.id, itemAt(firstItems, 0).id, { ticked: true });
    await patchItem(server, owner, first.id, itemAt(firstItems, 1).id, { text: uniqueItemText(), sectionKey: 'review' });
    await patchItem(server, owner, first.id, itemAt(firstItems, 17).id, { position: 0 });
    expect((await requestJson(server, `/api/letters/${first.id}/checklist/${itemAt(firstItems, 5).id}`, { method: 'DELETE', session: owner })).status).toBe(204);
    await expectJson(requestJson(server, `/api/letters/${first.id}/checklist`, { method: 'POST', session: owner, body: { sectionKey: 'format', text: uniqueItemText() } }), 201);

    expect(await getChecklist(server, owner, first.id)).not.toEqual(firstItems);
    expect(await getChecklist(server, owner, second.id)).toEqual(secondItems);
    expect(withoutIds(secondItems)).toEqual(DEFAULT_ITEMS);
    // A letter created afterwards still starts from the defaults.
    const third = await createLetter(server, owner);
    expect(withoutIds(await getChecklist(server, owner, third.id))).toEqual(DEFAULT_ITEMS);
  });
});

describe('live updates', () => {
  it("a tick reaches other members' ack sockets as letterEvent {topic:'checklist'}, and a refetch shows it", async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, commenter, viewer } = await createSharedLetter(server);
    const editorClient = await listenForLetterEvents(resources, server, letter.id, editor);
    const editorEvents = editorClient.events;
    const viewerRaw = await joinRaw(resources, server, letter.id, viewer, '?ack=1');
    const items = await getChecklist(server, owner, letter.id);
    const item = itemAt(items, 7);

    await patchItem(server, commenter, letter.id, item.id, { ticked: true });
    await waitUntil(() => expect(editorEvents.topics).toEqual(['checklist']));
    await waitUntil(() => expect(letterEventTopics(viewerRaw.socket.frames)).toEqual(['checklist']));
    const refetched = itemAt(await getChecklist(server, editor, letter.id), 7);
    expect(refetched.tickedBy).toEqual({ userId: commenter.user.id, name: commenter.user.name });

    // Owner edits of the list are announced the same way.
    await patchItem(server, owner, letter.id, item.id, { position: 0 });
    expect((await requestJson(server, `/api/letters/${letter.id}/checklist/${itemAt(items, 3).id}`, { method: 'DELETE', session: owner })).status).toBe(204);
    await waitUntil(() => expect(editorEvents.topics).toEqual(['checklist', 'checklist', 'checklist']));
    expect(editorClient.provider.wsconnected).toBe(true);
  });
});
