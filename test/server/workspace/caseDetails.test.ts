/**
 * `/api/letters/:id/case`: every member reads the case, owners and editors change it; input is
 * validated (and normalised) at the edge, rejected requests change nothing; reads and changes are
 * audited by field name only; members with an ack socket hear about changes live.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CaseDetails } from '../../../shared/caseDetails';
import { EMPTY_CASE } from '../../../shared/caseDetails';
import { createUser } from '../../helpers/accounts';
import { letterAudit } from '../../helpers/audit';
import type { Session } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { addMember, createLetter, createSharedLetter } from '../../helpers/letters';
import { joinRaw } from '../../helpers/rawClient';
import { useTestResources } from '../../helpers/resources';
import { waitUntil } from '../../helpers/wait';
import { getCase, letterEventTopics, patchCase, patchCaseRequest, readAuditRows } from '../../helpers/workspace';

const resources = useTestResources();

/** A person's name no other test uses, so finding it anywhere is meaningful. */
function uniquePersonName(): string {
  return `Patient ${randomUUID()}`;
}

/** A plausible facility name, unique to this run. */
function uniqueFacility(): string {
  return `Facility ${randomUUID().slice(0, 8)} Processing Center`;
}

describe('who may read and change the case', () => {
  it('members read it; owners and editors change it; commenters and viewers 403, outsiders 404, no session 401', async () => {
    const server = await resources.startServer();
    const shared = await createSharedLetter(server);
    const { letter, owner } = shared;
    const callers: { who: string; session: Session | null; read: number; change: number; code?: string }[] = [
      { who: 'owner', session: shared.owner, read: 200, change: 200 },
      { who: 'editor', session: shared.editor, read: 200, change: 200 },
      { who: 'commenter', session: shared.commenter, read: 200, change: 403, code: 'forbidden' },
      { who: 'viewer', session: shared.viewer, read: 200, change: 403, code: 'forbidden' },
      { who: 'outsider', session: shared.outsider, read: 404, change: 404, code: 'not_found' },
      { who: 'no session', session: null, read: 401, change: 401, code: 'unauthenticated' },
    ];
    expect(await getCase(server, owner, letter.id)).toEqual(EMPTY_CASE);

    for (const caller of callers) {
      const before = await getCase(server, owner, letter.id);
      const read = await requestJson(server, `/api/letters/${letter.id}/case`, { session: caller.session });
      if (caller.read === 200) expect(await expectJson<{ case: CaseDetails }>(read, 200), caller.who).toEqual({ case: before });
      else expect((await expectApiError(read, caller.read)).code, `${caller.who} reading`).toBe(caller.code);

      const facility = uniqueFacility();
      const change = await patchCaseRequest(server, caller.session, letter.id, { facility });
      if (caller.change === 200) {
        expect(await expectJson<{ case: CaseDetails }>(change, 200), caller.who).toEqual({ case: { ...before, facility } });
        expect(await getCase(server, owner, letter.id), caller.who).toEqual({ ...before, facility });
      } else {
        expect((await expectApiError(change, caller.change)).code, `${caller.who} changing`).toBe(caller.code);
        expect(await getCase(server, owner, letter.id), `${caller.who}'s refused change`).toEqual(before);
      }
    }
  });

  it('a letter id that does not exist is 404 for reading and changing', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    for (const id of [randomUUID(), 'not-a-uuid']) {
      await expectApiError(await requestJson(server, `/api/letters/${id}/case`, { session: owner }), 404);
      await expectApiError(await patchCaseRequest(server, owner, id, { facility: uniqueFacility() }), 404);
    }
  });
});

describe('validation', () => {
  it('an A-number of 7 or 10 digits is 400 naming the A-number; A 123-456-789 style input is stored as 9 digits', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const editor = await createUser(server);
    const letter = await createLetter(server, owner);
    await addMember(server, owner, letter.id, editor, 'editor');
    for (const aNumber of ['1234567', '1234567890', 'A1234567', 'A 123-456-7890', '12345678x']) {
      const error = await expectApiError(await patchCaseRequest(server, editor, letter.id, { aNumber }), 400);
      expect(error.code, aNumber).toBe('bad_request');
      expect(error.message, aNumber).toMatch(/A-number/);
    }
    expect((await getCase(server, owner, letter.id)).aNumber).toBe('');

    expect((await patchCase(server, editor, letter.id, { aNumber: 'A 123-456-789' })).aNumber).toBe('123456789');
    expect((await getCase(server, owner, letter.id)).aNumber).toBe('123456789');
    expect((await patchCase(server, editor, letter.id, { aNumber: 'a12345678' })).aNumber).toBe('12345678');
    expect((await patchCase(server, editor, letter.id, { aNumber: '' })).aNumber).toBe('');
  });

  it('malformed dates, unknown fields, unknown choices and empty bodies are 400', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const bodies: unknown[] = [
      { dateOfBirth: '03/04/1990' },
      { dateOfBirth: '1990-13-01' },
      { dateOfBirth: '1990-1-1' },
      { deadline: 'tomorrow' },
      { deadline: '2030-01-32' },
      { deadline: 20300101 },
      { nickname: 'Sam' },
      { facility: uniqueFacility(), notes: 'unknown field next to a valid one' },
      { legalRoute: 'asylum' },
      { requestType: 'everything' },
      { fullName: 'x'.repeat(201) },
      {},
      'not an object',
    ];
    for (const body of bodies) {
      const error = await expectApiError(await patchCaseRequest(server, owner, letter.id, body), 400);
      expect(error.code, JSON.stringify(body)).toBe('bad_request');
    }
    const dateError = await expectApiError(await patchCaseRequest(server, owner, letter.id, { deadline: '31/12/2030' }), 400);
    expect(dateError.message).toMatch(/YYYY-MM-DD/);
    expect(await getCase(server, owner, letter.id)).toEqual(EMPTY_CASE);
  });

  it('dates that do not exist on the calendar are 400', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    for (const body of [{ dateOfBirth: '1990-02-30' }, { deadline: '2030-04-31' }, { deadline: '2031-02-29' }]) {
      const response = await patchCaseRequest(server, owner, letter.id, body);
      expect(response.status, `${JSON.stringify(body)} answered ${response.status}`).toBe(400);
    }
    expect(await getCase(server, owner, letter.id)).toEqual(EMPTY_CASE);
  });

  it('a request with one bad field changes none of the others', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const before = await patchCase(server, owner, letter.id, { fullName: uniquePersonName(), facility: uniqueFacility(), deadline: '2030-06-01' });
    for (const body of [
      { fullName: uniquePersonName(), aNumber: '1234567' },
      { facility: uniqueFacility(), deadline: '2030-6-1' },
      { deadline: '2030-07-01', legalRoute: 'nope' },
    ]) {
      await expectApiError(await patchCaseRequest(server, owner, letter.id, body), 400);
      expect(await getCase(server, owner, letter.id), JSON.stringify(body)).toEqual(before);
    }
    // Valid values round-trip, trimmed.
    const valid = { dateOfBirth: '1980-02-29', deadline: '2030-12-31', legalRoute: 'parole', requestType: 'release', recipientName: '  Jane Officer  ' } as const;
    expect(await patchCase(server, owner, letter.id, valid)).toEqual({ ...before, ...valid, recipientName: 'Jane Officer' });
  });
});

describe('auditing', () => {
  it("records reads as case.viewed and changes as case.changed with field names, never the person's details", async () => {
    const server = await resources.startServer();
    const { letter, owner, editor, viewer } = await createSharedLetter(server);
    const fullName = uniquePersonName();
    const facility = uniqueFacility();

    await getCase(server, viewer, letter.id);
    await patchCase(server, editor, letter.id, { fullName, aNumber: 'A 987-654-321', facility });
    // A refused change is not recorded as a change.
    await expectApiError(await patchCaseRequest(server, editor, letter.id, { fullName: uniquePersonName(), aNumber: '1' }), 400);
    await expectApiError(await patchCaseRequest(server, viewer, letter.id, { fullName: uniquePersonName() }), 403);

    const viewed = await letterAudit(server, owner, letter.id, { action: 'case.viewed' });
    expect(viewed.map((entry) => entry.actorId)).toEqual([viewer.user.id]);
    const changed = await letterAudit(server, owner, letter.id, { action: 'case.changed' });
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ actorId: editor.user.id, letterId: letter.id });
    const fields = String(changed[0]?.detail.fields ?? '');
    expect(fields.split(',').sort()).toEqual(['aNumber', 'facility', 'fullName']);

    const everyEntry = JSON.stringify(await letterAudit(server, owner, letter.id));
    for (const value of [fullName, facility, '987654321', '987-654-321']) expect(everyEntry).not.toContain(value);
    const rows = await readAuditRows(server.database);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      for (const value of [fullName, facility, '987654321']) expect(row).not.toContain(value);
    }
  });
});

describe('live updates', () => {
  it("another member's ?ack=1 socket receives letterEvent {topic:'case'} after a change, and only after a successful one", async () => {
    const server = await resources.startServer();
    const { letter, owner, viewer, commenter } = await createSharedLetter(server);
    const listening = await joinRaw(resources, server, letter.id, viewer, '?ack=1');
    const stock = await joinRaw(resources, server, letter.id, commenter);

    await expectApiError(await patchCaseRequest(server, owner, letter.id, { aNumber: '12' }), 400);
    await expectApiError(await patchCaseRequest(server, commenter, letter.id, { facility: uniqueFacility() }), 403);
    await listening.roundTrip();
    expect(letterEventTopics(listening.socket.frames)).toEqual([]);

    const facility = uniqueFacility();
    await patchCase(server, owner, letter.id, { facility });
    await waitUntil(() => expect(letterEventTopics(listening.socket.frames)).toEqual(['case']));
    expect((await getCase(server, viewer, letter.id)).facility).toBe(facility);

    // A socket that did not opt in never sees the extension message.
    await stock.roundTrip();
    expect(letterEventTopics(stock.socket.frames)).toEqual([]);
  });
});
