/**
 * Privacy of letters opened through a workshop (a peer-review partner, a facilitator the writer
 * shared with): the letter says `deidentified`, the case reads masked and cannot be changed, the
 * letter cannot be exported, the dashboard shows no case detail; sharing with the facilitator is
 * the participant's to give and take back.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CaseDetails } from '../../../shared/caseDetails';
import { EMPTY_CASE, MASKED_TEXT } from '../../../shared/caseDetails';
import { CloseReason } from '../../../shared/protocol';
import { createUser } from '../../helpers/accounts';
import { adminAudit } from '../../helpers/audit';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { useTestResources } from '../../helpers/resources';
import { waitForSynced } from '../../helpers/wait';
import { getCase, getLetter, listLetters, patchCase, patchCaseRequest } from '../../helpers/workspace';
import { getWorkshop, joinWorkshop, setUpWorkshop } from '../../helpers/workshops';
import { letterStatus, putPairs, shareRequest, watchCloses } from './session';

const resources = useTestResources();

const CASE: Partial<CaseDetails> = {
  fullName: 'Ahmed Karimi',
  dateOfBirth: '1975-11-02',
  aNumber: '987654321',
  facility: 'Stewart Detention Center',
  recipientName: 'Dana Okafor',
  recipientTitle: 'Assistant Field Office Director',
  recipientOffice: 'Atlanta Field Office',
  deadline: '2031-03-01',
  legalRoute: 'parole',
  requestType: 'release',
};

function exportRequest(server: Parameters<typeof requestJson>[0], session: Parameters<typeof getCase>[1], letterId: string, format: 'docx' | 'pdf') {
  return requestJson(server, `/api/letters/${letterId}/export?format=${format}`, { session });
}

describe('a letter opened through a workshop', () => {
  it('shows a partner the case masked, lets them change nothing of it, and refuses to export it', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, partner] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    await patchCase(server, writer.user, writer.letterId, CASE);
    await putPairs(server, facilitator, workshop.id, [{ a: writer.user.user.id, b: partner.user.user.id }]);

    const masked = await getCase(server, partner.user, writer.letterId);
    expect(masked).toEqual({
      ...EMPTY_CASE,
      fullName: MASKED_TEXT,
      dateOfBirth: MASKED_TEXT,
      aNumber: MASKED_TEXT,
      facility: MASKED_TEXT,
      recipientName: MASKED_TEXT,
      recipientTitle: MASKED_TEXT,
      recipientOffice: MASKED_TEXT,
      deadline: MASKED_TEXT,
    });
    await expectApiError(await patchCaseRequest(server, partner.user, writer.letterId, { fullName: 'Someone Else' }), 403);
    for (const format of ['docx', 'pdf'] as const) {
      expect((await expectApiError(await exportRequest(server, partner.user, writer.letterId, format), 403)).code).toBe('forbidden');
    }
    // The partner sees who is on the letter, not their email addresses.
    const members = await expectJson<{ members: { userId: string; email: string }[] }>(requestJson(server, `/api/letters/${writer.letterId}/members`, { session: partner.user }), 200);
    expect(members.members.map((member) => member.email)).toEqual(members.members.map(() => ''));
    expect(members.members.map((member) => member.userId)).toContain(writer.user.user.id);
    // The writer still reads the values, the emails, and exports.
    const own = await expectJson<{ members: { email: string }[] }>(requestJson(server, `/api/letters/${writer.letterId}/members`, { session: writer.user }), 200);
    expect(own.members.map((member) => member.email)).toContain(writer.user.user.email);
    expect(await getCase(server, writer.user, writer.letterId)).toMatchObject({ fullName: CASE.fullName, aNumber: CASE.aNumber });
    const exported = await exportRequest(server, writer.user, writer.letterId, 'docx');
    expect(exported.status).toBe(200);
    await exported.body?.cancel();
  });

  it('keeps case details off a partner\'s dashboard: no deadline, and searching a facility finds nothing', async () => {
    const server = await resources.startServer();
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, partner] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    await patchCase(server, writer.user, writer.letterId, CASE);
    await putPairs(server, facilitator, workshop.id, [{ a: writer.user.user.id, b: partner.user.user.id }]);

    const seen = (await listLetters(server, partner.user)).find((letter) => letter.id === writer.letterId);
    expect(seen).toMatchObject({ role: 'commenter', deidentified: true, deadline: '' });
    expect(JSON.stringify(seen)).not.toContain(CASE.deadline);
    expect((await listLetters(server, partner.user, { q: 'Stewart' })).map((letter) => letter.id)).not.toContain(writer.letterId);
    // The writer's own view is unchanged.
    expect((await listLetters(server, writer.user, { q: 'Stewart' })).find((letter) => letter.id === writer.letterId)).toMatchObject({ deidentified: false, deadline: CASE.deadline });
  });

  it('is shared with the facilitator only while the participant wants: a de-identified viewer grant, revoked with its socket; audited', async () => {
    const server = await resources.startServer();
    const admin = await createUser(server);
    const { workshop, facilitator, participants } = await setUpWorkshop(server, 2);
    const [writer, other] = participants as [(typeof participants)[0], (typeof participants)[0]]; // setUpWorkshop made two
    await patchCase(server, writer.user, writer.letterId, CASE);
    expect(await letterStatus(server, facilitator, writer.letterId)).toBe(404);

    expect((await getWorkshop(server, writer.user, workshop.id)).sharesText).toBe(false);
    expect(await (await shareRequest(server, writer.user, workshop.id, { shared: true })).json()).toEqual({ shared: true });
    expect((await getWorkshop(server, writer.user, workshop.id)).sharesText, 'the workshop tells the participant they share').toBe(true);
    expect(await getLetter(server, facilitator, writer.letterId)).toMatchObject({ role: 'viewer', deidentified: true });
    expect((await getCase(server, facilitator, writer.letterId)).fullName).toBe(MASKED_TEXT);
    await expectApiError(await exportRequest(server, facilitator, writer.letterId, 'pdf'), 403);
    // Sharing again changes nothing; another participant's letter stays closed.
    expect((await shareRequest(server, writer.user, workshop.id, { shared: true })).status).toBe(200);
    expect(await letterStatus(server, facilitator, other.letterId)).toBe(404);

    const client = resources.connect(server, writer.letterId, { session: facilitator });
    await waitForSynced(client.provider);
    const closes = watchCloses(client);
    expect(await (await shareRequest(server, writer.user, workshop.id, { shared: false })).json()).toEqual({ shared: false });
    expect((await closes.final).code).toBe(CloseReason.accessEnded.code);
    expect(await letterStatus(server, facilitator, writer.letterId)).toBe(404);

    const entries = await adminAudit(server, admin, { action: 'workshop.shared' });
    expect(entries.map((entry) => entry.detail)).toEqual([
      { workshopId: workshop.id, shared: false },
      { workshopId: workshop.id, shared: true },
      { workshopId: workshop.id, shared: true },
    ]);
    expect(entries[0]).toMatchObject({ actorId: writer.user.user.id, letterId: writer.letterId });
  });

  it('cannot be shared before the participant has a letter (400), nor with bad input', async () => {
    const server = await resources.startServer();
    const { workshop } = await setUpWorkshop(server, 1);
    const newcomer = await createUser(server);
    await joinWorkshop(server, newcomer, workshop.joinCode);
    expect((await expectApiError(await shareRequest(server, newcomer, workshop.id, { shared: true }), 400)).code).toBe('no_letter');
    // Withdrawing without a letter is harmless.
    expect((await shareRequest(server, newcomer, workshop.id, { shared: false })).status).toBe(200);
    for (const body of [{}, { shared: 'yes' }, { shared: true, letterId: randomUUID() }]) {
      await expectApiError(await shareRequest(server, newcomer, workshop.id, body), 400);
    }
  });
});
