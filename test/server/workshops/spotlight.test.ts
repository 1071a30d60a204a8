/**
 * The spotlight (PUT/GET /api/workshops/:id/spotlight): one participant's letter on the shared
 * screen, de-identified on the server. No case value leaves the server in it — not through the
 * spotlight content, not through the live state stream — however the writer typed it.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CaseDetails } from '../../../shared/caseDetails';
import { MASKED_TEXT } from '../../../shared/caseDetails';
import { createUser } from '../../helpers/accounts';
import { adminAudit } from '../../helpers/audit';
import { postThread, threadBody } from '../../helpers/comments';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { patchCase } from '../../helpers/workspace';
import { followEvents, getState, setUpWorkshop } from '../../helpers/workshops';
import type { DocStore } from '../../../server/collab/docStore';
import { editBody, paragraphOf } from '../export/body';
import { nestedBodyUpdate } from '../export/largeBodies';
import { getSpotlight, getSpotlightRequest, letterStatus, putSpotlight, putSpotlightRequest } from './session';

const resources = useTestResources();

/** A case with every identifying field filled in, as a lawyer would enter it. */
const CASE: Partial<CaseDetails> = {
  fullName: 'Maria Elena Gonzalez',
  dateOfBirth: '1980-05-31',
  aNumber: 'A123456789',
  facility: 'Otay Mesa Detention Center',
  recipientName: 'Jordan Whitfield',
  recipientTitle: 'Deputy Field Office Director',
  recipientOffice: 'San Diego Field Office',
  deadline: '2031-02-14',
};

/** What must never appear, as stored and as the export would print it. */
const FORBIDDEN = ['Maria Elena Gonzalez', 'Gonzalez', '1980-05-31', 'A123456789', '123456789', 'Otay Mesa', 'Jordan Whitfield', 'Whitfield', 'Deputy Field Office Director', 'San Diego Field Office', '2031-02-14'];

function expectNoCaseValue(json: string, what: string): void {
  const lower = json.toLowerCase();
  for (const value of FORBIDDEN) expect(lower, `${what} contains "${value}"`).not.toContain(value.toLowerCase());
}

describe('the spotlight', () => {
  it('carries no case value, neither in the content another participant reads nor in the state event, and no emails or comments', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, viewer] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    await patchCase(server, writer.user, writer.letterId, CASE);
    const clinical = `Insulin was withheld for nine days ${randomUUID()}`;
    await editBody(resources, server, writer.letterId, writer.user, (doc) => {
      doc.getXmlFragment('default').push([
        paragraphOf([{ text: 'I examined Maria Elena Gonzalez (A123456789), born 1980-05-31, at Otay Mesa Detention Center.' }]),
        paragraphOf([{ text: 'Ms. ' }, { text: 'GONZA', marks: { bold: {} } }, { text: 'LEZ asked me to write to jordan whitfield, Deputy Field Office Director, San Diego Field Office, by 2031-02-14.' }]),
        paragraphOf([{ text: 'Re: ' }, { field: 'fullName' }, { text: ', ' }, { field: 'aNumber' }, { text: ', born ' }, { field: 'dateOfBirth' }, { text: ', held at ' }, { field: 'facility' }]),
        paragraphOf([{ text: clinical }]),
      ]);
    });
    const comment = `Check the A-number A123456789 ${randomUUID()}`;
    await postThread(server, writer.user, writer.letterId, threadBody({ body: comment }));
    const follower = await followEvents(resources, server, viewer.user, workshop.id);

    const state = await putSpotlight(server, facilitator, workshop.id, writer.letterId);
    expect(state.spotlight).toMatchObject({ letterId: writer.letterId, ownerName: writer.user.user.name });
    const streamed = await follower.waitFor((received) => received.spotlight?.letterId === writer.letterId);
    expectNoCaseValue(JSON.stringify(streamed), 'the state event');
    expectNoCaseValue(JSON.stringify(state), 'the PUT answer');

    const { spotlight, raw } = await getSpotlight(server, viewer.user, workshop.id);
    expect(spotlight).toMatchObject({ letterId: writer.letterId, ownerName: writer.user.user.name });
    expect(Object.keys(spotlight).sort()).toEqual(['body', 'letterId', 'ownerName', 'title']);
    expectNoCaseValue(raw, 'GET …/spotlight');
    expect(raw).toContain(clinical);
    expect(raw).toContain(MASKED_TEXT);
    expect(raw).not.toContain('caseField');
    expect(raw).not.toContain(comment);
    for (const person of [writer.user, viewer.user, facilitator]) expect(raw).not.toContain(person.user.email);
    // The facilitator and the writer read the same masked content.
    expect((await getSpotlight(server, facilitator, workshop.id)).raw).toBe(raw);
    expect((await getSpotlight(server, writer.user, workshop.id)).raw).toBe(raw);
    // Reading the spotlight is not access to the letter.
    expect(await letterStatus(server, viewer.user, writer.letterId)).toBe(404);
  });

  it('never shows the title, which may name the person, in the content or in the live state', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, viewer] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    await patchCase(server, writer.user, writer.letterId, CASE);
    await expectJson(requestJson(server, `/api/letters/${writer.letterId}`, { method: 'PATCH', session: writer.user, body: { title: 'Parole request for Maria Gonzalez' } }), 200);
    const follower = await followEvents(resources, server, viewer.user, workshop.id);
    await putSpotlight(server, facilitator, workshop.id, writer.letterId);

    const { spotlight } = await getSpotlight(server, viewer.user, workshop.id);
    expect(spotlight.title).toBe('Letter');
    expect(JSON.stringify(spotlight)).not.toContain('Parole request');
    const streamed = await follower.waitFor((received) => received.spotlight?.letterId === writer.letterId);
    expectNoCaseValue(JSON.stringify(streamed), 'the state event');
    expectNoCaseValue(JSON.stringify(await getState(server, viewer.user, workshop.id)), 'GET …/state');
  });

  it('shows what is stored when it is read: later edits appear, still masked', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, viewer] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    await patchCase(server, writer.user, writer.letterId, CASE);
    await putSpotlight(server, facilitator, workshop.id, writer.letterId);
    const later = `Added during the critique ${randomUUID()}`;
    await editBody(resources, server, writer.letterId, writer.user, (doc) => {
      doc.getXmlFragment('default').push([paragraphOf([{ text: `${later}, about maria gonzalez.` }])]);
    });
    const { raw } = await getSpotlight(server, viewer.user, workshop.id);
    expect(raw).toContain(`${later}, about ${MASKED_TEXT} ${MASKED_TEXT}.`);
    expectNoCaseValue(raw, 'GET …/spotlight');
  });

  it('takes only a participant\'s letter of this workshop (400 otherwise); null ends it and GET answers 404 no_spotlight; audited', async () => {
    const server = await resources.startServer();
    const admin = await createUser(server);
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1);
    const [writer] = participants as [(typeof participants)[0]]; // setUpWorkshop made one
    const other = await setUpWorkshop(server, 1);
    const facilitatorsOwn = await createLetter(server, facilitator);
    const before = await getState(server, facilitator, workshop.id);

    for (const letterId of [facilitatorsOwn.id, other.participants[0]?.letterId, randomUUID()]) {
      await expectApiError(await putSpotlightRequest(server, facilitator, workshop.id, { letterId }), 400);
    }
    for (const body of [{}, { letterId: 'nope' }, { letterId: writer.letterId, extra: true }]) {
      await expectApiError(await putSpotlightRequest(server, facilitator, workshop.id, body), 400);
    }
    expect(await getState(server, facilitator, workshop.id)).toMatchObject({ revision: before.revision, spotlight: null });
    expect((await expectApiError(await getSpotlightRequest(server, writer.user, workshop.id), 404)).code).toBe('no_spotlight');

    const on = await putSpotlight(server, facilitator, workshop.id, writer.letterId);
    expect(on.revision).toBeGreaterThan(before.revision);
    expect((await getSpotlight(server, writer.user, workshop.id)).spotlight.letterId).toBe(writer.letterId);
    const off = await putSpotlight(server, facilitator, workshop.id, null);
    expect(off.spotlight).toBeNull();
    expect(off.revision).toBeGreaterThan(on.revision);
    expect((await expectApiError(await getSpotlightRequest(server, writer.user, workshop.id), 404)).code).toBe('no_spotlight');

    const entries = await adminAudit(server, admin, { action: 'workshop.spotlight' });
    expect(entries.map((entry) => entry.detail)).toEqual([
      { workshopId: workshop.id, letterId: null },
      { workshopId: workshop.id, letterId: writer.letterId },
    ]);
    expect(entries[1]).toMatchObject({ actorId: facilitator.user.id, letterId: writer.letterId });
  });

  it('refuses with 422, never a 500, a letter stored before the body limits with elements nested 20,000 deep', async () => {
    let store: DocStore | null = null;
    const server = await resources.startServer({
      wrapDocStore: (inner) => {
        store = inner;
        return inner;
      },
    });
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 1);
    const [writer] = participants as [(typeof participants)[0]]; // setUpWorkshop made one
    // Written straight to the store, as a letter stored long ago was: the socket refuses such edits now.
    // `as`: wrapDocStore assigned it while the server started; TypeScript cannot see that callback's assignment.
    const stored = store as DocStore | null;
    if (!stored) throw new Error('the server has no document store');
    await stored.append([{ room: writer.letterId, update: nestedBodyUpdate(20_000) }]);
    await putSpotlight(server, facilitator, workshop.id, writer.letterId);
    const error = await expectApiError(await getSpotlightRequest(server, writer.user, workshop.id), 422);
    expect(error.code).toBe('letter_too_deep');
    expect((await fetch(new URL('/healthz', server.url))).status).toBe(200);
  });
});
