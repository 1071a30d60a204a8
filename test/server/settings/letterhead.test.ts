/** `/api/settings/letterhead`: every signed-in person reads it; only an administrator changes it. */
import { describe, expect, it } from 'vitest';
import type { Letterhead } from '../../../server/settings/schemas';
import { EMPTY_LETTERHEAD, SettingsLimits } from '../../../server/settings/schemas';
import { createUser } from '../../helpers/accounts';
import type { HttpTarget, Session } from '../../helpers/http';
import { expectApiError, expectJson, requestJson } from '../../helpers/http';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();

const LETTERHEAD: Letterhead = {
  organizationName: 'Border Health Advocacy Network',
  addressLines: ['1200 Harbor Drive, Suite 400', 'San Diego, CA 92101'],
  phone: '(619) 555-0142',
  email: 'letters@bhan.example',
  website: 'bhan.example',
};

function put(server: HttpTarget, session: Session | null, body: unknown, origin?: string | null): Promise<Response> {
  return requestJson(server, '/api/settings/letterhead', { method: 'PUT', session, body, ...(origin === undefined ? {} : { origin }) });
}

async function read(server: HttpTarget, session: Session): Promise<Letterhead> {
  return (await expectJson<{ letterhead: Letterhead }>(requestJson(server, '/api/settings/letterhead', { session }), 200)).letterhead;
}

describe('/api/settings/letterhead', () => {
  it('is empty until the administrator sets it, then every signed-in person reads it', async () => {
    const server = await resources.startServer();
    const admin = await createUser(server);
    const someone = await createUser(server);
    expect(admin.user.isAdmin).toBe(true);
    expect(await read(server, someone)).toEqual(EMPTY_LETTERHEAD);
    const { letterhead } = await expectJson<{ letterhead: Letterhead }>(put(server, admin, { ...LETTERHEAD, organizationName: `  ${LETTERHEAD.organizationName}  `, addressLines: [...LETTERHEAD.addressLines, ' '] }), 200);
    expect(letterhead).toEqual(LETTERHEAD);
    expect(await read(server, someone)).toEqual(LETTERHEAD);
    // PUT replaces the whole letterhead; fields left out are cleared.
    await expectJson(put(server, admin, { organizationName: 'Renamed' }), 200);
    expect(await read(server, someone)).toEqual({ ...EMPTY_LETTERHEAD, organizationName: 'Renamed' });
  });

  it('refuses anyone but the administrator (403), and a request without a session (401), changing nothing', async () => {
    const server = await resources.startServer();
    const admin = await createUser(server);
    const someone = await createUser(server);
    await expectJson(put(server, admin, LETTERHEAD), 200);
    expect((await expectApiError(await put(server, someone, { organizationName: 'Hijacked' }), 403)).code).toBe('forbidden');
    expect((await expectApiError(await put(server, someone, { nonsense: true }), 403)).code).toBe('forbidden');
    expect((await expectApiError(await put(server, null, { organizationName: 'Hijacked' }), 401)).code).toBe('unauthenticated');
    expect((await expectApiError(await requestJson(server, '/api/settings/letterhead'), 401)).code).toBe('unauthenticated');
    expect((await expectApiError(await put(server, admin, { organizationName: 'Cross-site' }, 'https://elsewhere.example'), 403)).code).toBe('forbidden_origin');
    expect(await read(server, admin)).toEqual(LETTERHEAD);
  });

  it.each([
    ['an unknown field', { logo: 'x' }],
    ['a name that is too long', { organizationName: 'x'.repeat(SettingsLimits.maxOrganizationName + 1) }],
    ['too many address lines', { addressLines: Array.from({ length: SettingsLimits.maxAddressLines + 1 }, (_, i) => `Line ${i}`) }],
    ['an address line with a line break', { addressLines: ['Suite 4\nSan Diego'] }],
    ['an invalid email', { email: 'not-an-email' }],
    ['a number for text', { phone: 6195550142 }],
    ['not an object', ['Border Health']],
  ])('answers 400 to %s, changing nothing', async (_case, body) => {
    const server = await resources.startServer();
    const admin = await createUser(server);
    await expectJson(put(server, admin, LETTERHEAD), 200);
    expect((await expectApiError(await put(server, admin, body), 400)).code).toBe('bad_request');
    expect(await read(server, admin)).toEqual(LETTERHEAD);
  });
});
