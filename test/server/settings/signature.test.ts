/** `/api/me/signature`: each account reads and changes its own signature fields, and nobody else's. */
import { describe, expect, it } from 'vitest';
import type { Signature } from '../../../server/settings/schemas';
import { EMPTY_SIGNATURE, SettingsLimits } from '../../../server/settings/schemas';
import { createUser } from '../../helpers/accounts';
import type { HttpTarget, Session } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();

const SIGNATURE: Signature = { credentials: 'MD, MPH', licenseNumber: 'A123456', licenseState: 'California', contact: '(619) 555-0199 · maria@example.org' };

function put(server: HttpTarget, session: Session | null, body: unknown): Promise<Response> {
  return requestJson(server, '/api/me/signature', { method: 'PUT', session, body });
}

async function read(server: HttpTarget, session: Session): Promise<Signature> {
  return (await expectJson<{ signature: Signature }>(requestJson(server, '/api/me/signature', { session }), 200)).signature;
}

describe('/api/me/signature', () => {
  it('starts empty, keeps what its own account sets, and shows each account only its own', async () => {
    const server = await resources.startServer();
    const physician = await createUser(server, { profession: 'physician' });
    const other = await createUser(server);
    expect(await read(server, physician)).toEqual(EMPTY_SIGNATURE);
    expect((await expectJson<{ signature: Signature }>(put(server, physician, SIGNATURE), 200)).signature).toEqual(SIGNATURE);
    expect(await read(server, physician)).toEqual(SIGNATURE);
    expect(await read(server, other)).toEqual(EMPTY_SIGNATURE);
    await expectJson(put(server, other, { credentials: 'JD' }), 200);
    expect(await read(server, physician)).toEqual(SIGNATURE);
    expect(await read(server, other)).toEqual({ ...EMPTY_SIGNATURE, credentials: 'JD' });
  });

  it('answers 401 without a session', async () => {
    const server = await resources.startServer();
    expect((await expectApiError(await requestJson(server, '/api/me/signature'), 401)).code).toBe('unauthenticated');
    expect((await expectApiError(await put(server, null, SIGNATURE), 401)).code).toBe('unauthenticated');
    expect((await expectApiError(await put(server, null, { nonsense: 1 }), 401)).code).toBe('unauthenticated');
  });

  it.each([
    ['an unknown field', { userId: 'someone-else' }],
    ['credentials that are too long', { credentials: 'x'.repeat(SettingsLimits.maxCredentials + 1) }],
    ['a license number that is too long', { licenseNumber: '1'.repeat(SettingsLimits.maxLicenseNumber + 1) }],
    ['a contact line with a line break', { contact: 'a\nb' }],
    ['a number for text', { licenseNumber: 123456 }],
  ])('answers 400 to %s, changing nothing', async (_case, body) => {
    const server = await resources.startServer();
    const physician = await createUser(server, { profession: 'physician' });
    await expectJson(put(server, physician, SIGNATURE), 200);
    expect((await expectApiError(await put(server, physician, body), 400)).code).toBe('bad_request');
    expect(await read(server, physician)).toEqual(SIGNATURE);
  });
});
