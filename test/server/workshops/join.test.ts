/**
 * `POST /api/workshops/join {code}`: codes are case-insensitive, joining twice is the same answer,
 * an unknown code is 404 `unknown_code`, an ended workshop 409 `workshop_ended`.
 */
import { describe, expect, it } from 'vitest';
import type { WorkshopSummary } from '../../../shared/workshops';
import { adminAudit } from '../../helpers/audit';
import { createUser } from '../../helpers/accounts';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { useTestResources } from '../../helpers/resources';
import { createWorkshop, getWorkshop, joinWorkshop, joinWorkshopRequest, markEndedInDatabase } from '../../helpers/workshops';

const resources = useTestResources();

/** A code of the right shape that no workshop has (the alphabet has no 0, O, 1, I or L). */
const UNKNOWN_CODE = 'ZZ00ZZ';

describe('joining by code', () => {
  it('makes the caller a participant, whatever the case and spacing of the code; audited once', async () => {
    const server = await resources.startServer();
    const facilitator = await createUser(server);
    const workshop = await createWorkshop(server, facilitator);
    const participant = await createUser(server);

    const joined = await joinWorkshop(server, participant, `  ${workshop.joinCode.toLowerCase()} `);
    expect(joined).toEqual({ ...workshop, role: 'participant', myLetterId: null });
    expect(await getWorkshop(server, participant, workshop.id)).toEqual(joined);
    const { workshops } = await expectJson<{ workshops: WorkshopSummary[] }>(requestJson(server, '/api/workshops', { session: facilitator }), 200);
    expect(workshops[0]?.participantCount).toBe(1);
    const joins = await adminAudit(server, facilitator, { action: 'workshop.joined' });
    expect(joins.map((entry) => [entry.actorId, entry.detail])).toEqual([[participant.user.id, { workshopId: workshop.id }]]);
  });

  it('is idempotent: joining again (or at once) gives the same answer and one membership; the facilitator stays facilitator', async () => {
    const server = await resources.startServer();
    const facilitator = await createUser(server);
    const workshop = await createWorkshop(server, facilitator);
    const participant = await createUser(server);

    const answers = await Promise.all([1, 2, 3].map(() => joinWorkshop(server, participant, workshop.joinCode)));
    const again = await joinWorkshop(server, participant, workshop.joinCode.toLowerCase());
    for (const answer of answers) expect(answer).toEqual(again);
    expect(await joinWorkshop(server, facilitator, workshop.joinCode)).toEqual(workshop);

    const { workshops } = await expectJson<{ workshops: WorkshopSummary[] }>(requestJson(server, '/api/workshops', { session: facilitator }), 200);
    expect(workshops.map((summary) => [summary.role, summary.participantCount])).toEqual([['facilitator', 1]]);
    expect(await adminAudit(server, facilitator, { action: 'workshop.joined' })).toHaveLength(1);
  });

  it('answers an unknown code with 404 unknown_code, a malformed one with 400, and joins nothing', async () => {
    const server = await resources.startServer();
    const facilitator = await createUser(server);
    const workshop = await createWorkshop(server, facilitator);
    const stranger = await createUser(server);

    expect((await expectApiError(await joinWorkshopRequest(server, stranger, UNKNOWN_CODE), 404)).code).toBe('unknown_code');
    for (const body of [{}, { code: 'ABC' }, { code: `${workshop.joinCode}X` }, { code: 123456 }, { code: workshop.joinCode, extra: 1 }]) {
      await expectApiError(await requestJson(server, '/api/workshops/join', { method: 'POST', session: stranger, body }), 400);
    }
    await expectApiError(await requestJson(server, `/api/workshops/${workshop.id}`, { session: stranger }), 404);
  });

  it('refuses an ended workshop with 409 workshop_ended, also to someone who had joined', async () => {
    const server = await resources.startServer();
    const facilitator = await createUser(server);
    const workshop = await createWorkshop(server, facilitator);
    const early = await createUser(server);
    await joinWorkshop(server, early, workshop.joinCode);
    await markEndedInDatabase(server.database, workshop.id);

    const late = await createUser(server);
    expect((await expectApiError(await joinWorkshopRequest(server, late, workshop.joinCode), 409)).code).toBe('workshop_ended');
    expect((await expectApiError(await joinWorkshopRequest(server, early, workshop.joinCode), 409)).code).toBe('workshop_ended');
    await expectApiError(await requestJson(server, `/api/workshops/${workshop.id}`, { session: late }), 404);
    expect((await getWorkshop(server, early, workshop.id)).endedAt).toEqual(expect.any(String));
  });

  it('needs a session: 401', async () => {
    const server = await resources.startServer();
    const facilitator = await createUser(server);
    const workshop = await createWorkshop(server, facilitator);
    expect((await expectApiError(await joinWorkshopRequest(server, null, workshop.joinCode), 401)).code).toBe('unauthenticated');
  });
});
