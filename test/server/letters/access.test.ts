/**
 * The role matrix of every protected letter route (DESIGN.md "Roles"): no session → 401, not a
 * member → 404 (also for an administrator), a member whose role may not → 403, the right roles →
 * success. The test checks the state each request would change both ways: changed when allowed,
 * untouched when refused (so a refused request's letter is reused for the next caller).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/audit';
import type { Letter } from '../../../shared/letters';
import type { Invite, Member } from '../../../shared/members';
import type { TestUser } from '../../helpers/accounts';
import { createUser, uniqueEmail } from '../../helpers/accounts';
import type { HttpTarget, RequestOptions } from '../../helpers/http';
import { expectJson, requestJson } from '../../helpers/http';
import type { SharedLetter } from '../../helpers/letters';
import { addMember, createSharedLetter, inviteEmail, uniqueTitle } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';

const resources = useTestResources();

/** Who sends the request. */
const CALLERS = ['anonymous', 'admin', 'outsider', 'owner', 'editor', 'commenter', 'viewer'] as const;
type Caller = (typeof CALLERS)[number];

/** A fresh letter with one account per role, a bystander member to act on, and a pending invite. */
interface Fixture extends SharedLetter {
  server: HttpTarget;
  admin: TestUser;
  bystander: TestUser;
  invite: Invite;
}

/** One protected route: the request, the status it answers when allowed, and what it changes. */
interface RouteCase {
  name: string;
  request(f: Fixture): { path: string } & Pick<RequestOptions, 'method' | 'body'>;
  allowed: readonly Caller[];
  success: number;
  /** The state the request would change, read as the owner; null for reads. */
  observe: ((f: Fixture) => Promise<unknown>) | null;
}

async function readLetter(f: Fixture): Promise<Letter> {
  return (await expectJson<{ letter: Letter }>(requestJson(f.server, `/api/letters/${f.letter.id}`, { session: f.owner }), 200)).letter;
}

async function readMembers(f: Fixture): Promise<{ members: Member[]; invites: Invite[] }> {
  return expectJson(requestJson(f.server, `/api/letters/${f.letter.id}/members`, { session: f.owner }), 200);
}

const routes: RouteCase[] = [
  {
    name: 'GET /api/letters/:id',
    request: (f) => ({ path: `/api/letters/${f.letter.id}` }),
    allowed: ['owner', 'editor', 'commenter', 'viewer'],
    success: 200,
    observe: null,
  },
  {
    name: 'PATCH /api/letters/:id {title}',
    request: (f) => ({ path: `/api/letters/${f.letter.id}`, method: 'PATCH', body: { title: uniqueTitle('Renamed') } }),
    allowed: ['owner', 'editor'],
    success: 200,
    observe: async (f) => (await readLetter(f)).title,
  },
  {
    // Into review by asking a named member (a plain status change cannot reach it).
    name: 'POST /api/letters/:id/reviews (status)',
    request: (f) => ({ path: `/api/letters/${f.letter.id}/reviews`, method: 'POST', body: { reviewerId: f.commenter.user.id } }),
    allowed: ['owner'],
    success: 201,
    observe: async (f) => (await readLetter(f)).status,
  },
  {
    name: 'DELETE /api/letters/:id',
    request: (f) => ({ path: `/api/letters/${f.letter.id}`, method: 'DELETE' }),
    allowed: ['owner'],
    success: 204,
    observe: async (f) => (await requestJson(f.server, `/api/letters/${f.letter.id}`, { session: f.owner })).status,
  },
  {
    name: 'GET /api/letters/:id/members',
    request: (f) => ({ path: `/api/letters/${f.letter.id}/members` }),
    allowed: ['owner', 'editor', 'commenter', 'viewer'],
    success: 200,
    observe: null,
  },
  {
    name: 'POST /api/letters/:id/members',
    request: (f) => ({ path: `/api/letters/${f.letter.id}/members`, method: 'POST', body: { email: uniqueEmail('added'), role: 'editor' } }),
    allowed: ['owner'],
    success: 201,
    observe: async (f) => (await readMembers(f)).invites.map((invite) => invite.email).sort(),
  },
  {
    name: 'PATCH /api/letters/:id/members/:userId',
    request: (f) => ({ path: `/api/letters/${f.letter.id}/members/${f.bystander.user.id}`, method: 'PATCH', body: { role: 'editor' } }),
    allowed: ['owner'],
    success: 200,
    observe: async (f) => (await readMembers(f)).members.find((member) => member.userId === f.bystander.user.id)?.role,
  },
  {
    name: 'DELETE /api/letters/:id/members/:userId (someone else)',
    request: (f) => ({ path: `/api/letters/${f.letter.id}/members/${f.bystander.user.id}`, method: 'DELETE' }),
    allowed: ['owner'],
    success: 204,
    observe: async (f) => (await readMembers(f)).members.map((member) => member.userId).sort(),
  },
  {
    name: 'DELETE /api/letters/:id/invites/:inviteId',
    request: (f) => ({ path: `/api/letters/${f.letter.id}/invites/${f.invite.id}`, method: 'DELETE' }),
    allowed: ['owner'],
    success: 204,
    observe: async (f) => (await readMembers(f)).invites.map((invite) => invite.id),
  },
  {
    name: 'GET /api/letters/:id/audit',
    request: (f) => ({ path: `/api/letters/${f.letter.id}/audit` }),
    allowed: ['owner'],
    success: 200,
    observe: null,
  },
];

/** What each caller should get from a route: the success status, or the refusal's status and code. */
function expectedOutcome(route: RouteCase, caller: Caller): string {
  if (caller === 'anonymous') return '401 unauthenticated';
  if (caller === 'admin' || caller === 'outsider') return '404 not_found';
  return route.allowed.includes(caller) ? String(route.success) : '403 forbidden';
}

async function outcomeOf(response: Response): Promise<string> {
  if (response.ok) {
    await response.body?.cancel();
    return String(response.status);
  }
  const body = (await response.json()) as { error?: { code?: string } }; // an error body; a missing code shows in the diff
  return `${response.status} ${body.error?.code ?? '(no code)'}`;
}

describe('letter routes by role', () => {
  it.each(routes.map((route) => [route.name, route] as const))('%s', async (_name, route) => {
    const server = await resources.startServer();
    // The first account is the administrator; it is on none of the letters.
    const admin = await createUser(server);
    expect(admin.user.isAdmin).toBe(true);
    const people = {
      owner: await createUser(server),
      editor: await createUser(server),
      commenter: await createUser(server),
      viewer: await createUser(server),
      outsider: await createUser(server),
    };
    const bystander = await createUser(server);

    const freshFixture = async (): Promise<Fixture> => {
      const shared = await createSharedLetter(server, people);
      await addMember(server, shared.owner, shared.letter.id, bystander, 'viewer');
      const invite = await inviteEmail(server, shared.owner, shared.letter.id, uniqueEmail('pending'), 'commenter');
      return { ...shared, server, admin, bystander, invite };
    };

    const outcomes: Partial<Record<Caller, string>> = {};
    const effects: Partial<Record<Caller, boolean>> = {};
    // A letter is reused until a request changes it: refused requests must leave it as it was.
    let fixture = await freshFixture();
    for (const caller of CALLERS) {
      const before = route.observe ? await route.observe(fixture) : null;
      const { path, ...init } = route.request(fixture);
      const session = caller === 'anonymous' ? null : caller === 'admin' ? admin : people[caller];
      outcomes[caller] = await outcomeOf(await requestJson(server, path, { ...init, session }));
      if (route.observe) effects[caller] = JSON.stringify(await route.observe(fixture)) !== JSON.stringify(before);
      if (effects[caller] || outcomes[caller] === String(route.success)) fixture = await freshFixture();
    }

    expect(outcomes).toEqual(Object.fromEntries(CALLERS.map((caller) => [caller, expectedOutcome(route, caller)])));
    if (route.observe) {
      // Allowed requests changed what they should; refused ones changed nothing.
      expect(effects).toEqual(Object.fromEntries(CALLERS.map((caller) => [caller, outcomes[caller] === String(route.success)])));
    }
  });
});

describe('administrator routes', () => {
  it('GET /api/admin/audit: 401 without a session, 403 for everyone but administrators, 200 for them', async () => {
    const server = await resources.startServer();
    const admin = await createUser(server);
    const { owner, editor, viewer } = await createSharedLetter(server);

    await expectJson(requestJson(server, '/api/admin/audit'), 401);
    for (const person of [owner, editor, viewer]) {
      expect(person.user.isAdmin).toBe(false);
      const error = await expectJson<{ error: { code: string } }>(requestJson(server, '/api/admin/audit', { session: person }), 403);
      expect(error.error.code).toBe('forbidden');
    }
    const { entries } = await expectJson<{ entries: AuditEntry[] }>(requestJson(server, '/api/admin/audit', { session: admin }), 200);
    expect(entries.length).toBeGreaterThan(0);
  });
});

describe('letter ids leak nothing', () => {
  it('a letter that does not exist and a letter the caller is not on answer alike, on every route', async () => {
    const server = await resources.startServer();
    const { letter, outsider } = await createSharedLetter(server);
    const missing = randomUUID();
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['PATCH', '', { title: 'Probe' }],
      ['DELETE', '', undefined],
      ['GET', '/members', undefined],
      ['POST', '/members', { email: uniqueEmail(), role: 'viewer' }],
      ['PATCH', `/members/${outsider.user.id}`, { role: 'viewer' }],
      ['DELETE', `/members/${outsider.user.id}`, undefined],
      ['DELETE', `/invites/${randomUUID()}`, undefined],
      ['GET', '/audit', undefined],
    ] as const) {
      const answers = [];
      for (const id of [letter.id, missing]) {
        const response = await requestJson(server, `/api/letters/${id}${suffix}`, { method, body, session: outsider });
        answers.push({ status: response.status, body: await response.json() });
      }
      expect(answers[0], `${method} /api/letters/:id${suffix}`).toEqual(answers[1]);
      expect(answers[0]?.status).toBe(404);
    }
  });
});
