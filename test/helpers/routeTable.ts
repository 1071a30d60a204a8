/**
 * Every HTTP route the app serves (`createApp` in server/app.ts, the routers under server/),
 * described by what it takes: path parameters, a JSON body and its fields, a query and its fields.
 * The bad-input tests generate their cases from this table; a test checks that the table and the
 * app's own route list agree, so a new route cannot go untested.
 *
 * Each route names the account that sends its requests: one allowed to make the request, so a
 * refused case is refused for its input alone. Its valid body is a request the server accepts
 * (checked last, in table order, which keeps the fixtures each later route needs).
 */
import type { TestUser } from './accounts';

/** An HTTP method the API uses. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The accounts and records the routes' requests refer to. */
export interface RouteFixtures {
  /** The first account (so the administrator): owns the letter, facilitates the workshop. */
  admin: TestUser;
  /** An editor on the letter, asked to review it. */
  reviewer: TestUser;
  /** A commenter on the letter. */
  commenter: TestUser;
  /** A participant of the workshop, with a letter of their own there. */
  participant: TestUser;
  letterId: string;
  inviteId: string;
  /** The secret of a pending invite link. */
  inviteToken: string;
  checklistItemId: string;
  threadId: string;
  /** The first comment of the thread, by the administrator. */
  commentId: string;
  /** A pending review, the reviewer's. */
  reviewId: string;
  versionId: string;
  /** An inbox item of the reviewer's. */
  inboxItemId: string;
  workshopId: string;
  joinCode: string;
  /** A well-formed comment anchor. */
  anchor: { start: string; end: string };
}

/** Who sends a route's requests; null: no session. */
export type Caller = 'admin' | 'reviewer' | 'commenter' | 'participant' | null;

/** What a body or query field holds, which decides the wrong values tried on it. */
export type FieldKind = 'text' | 'enum' | 'uuid' | 'date' | 'int' | 'bool' | 'list' | 'object';

/** A field of a body or query. */
export interface FieldSpec {
  kind: FieldKind;
  /** The field may be left out. */
  optional?: boolean;
  /** null is a valid value. */
  nullable?: boolean;
}

/** A path parameter: its valid value and what its 404 names. */
export interface ParamSpec {
  value(f: RouteFixtures): string;
  /** The thing a 404 for this parameter names ("No such letter."). */
  noun: RegExp;
}

/** A route that takes a JSON body. */
export interface BodySpec {
  /** A body the server accepts from the route's caller. */
  valid(f: RouteFixtures): Record<string, unknown>;
  fields: Record<string, FieldSpec>;
  /** The status the valid body gets. */
  accepted: number;
  /** `{}` is a valid body (every field has a default). */
  acceptsEmpty?: boolean;
}

/** A route that reads a query. */
export interface QuerySpec {
  valid: Record<string, string>;
  fields: Record<string, FieldSpec>;
}

/** One route of the app. */
export interface RouteSpec {
  method: Method;
  /** The pattern exactly as the app registers it. */
  path: string;
  as: Caller;
  params?: Record<string, ParamSpec>;
  body?: BodySpec;
  query?: QuerySpec;
}

/** Routes that take no input from the request worth generating cases for, and why. */
export const ROUTES_WITHOUT_TABLE_ENTRY: Record<string, string> = {
  'GET /healthz': 'takes no input',
  'GET /sync/:room': 'a websocket upgrade: test/server/sync covers its room names, origins, sessions and frames',
  'GET /*': 'the built client, served as static files (the path-traversal cases below request it)',
  'POST /api/auth/verify': 'finishes a sign-up confirmed by mail, so a valid request needs a mailed token: test/server/auth/addressCheck.test.ts covers its token and password',
};

const text = (options: Omit<FieldSpec, 'kind'> = {}): FieldSpec => ({ kind: 'text', ...options });
const optionalText: FieldSpec = { kind: 'text', optional: true };

const letter: ParamSpec = { value: (f) => f.letterId, noun: /letter/ };
const workshop: ParamSpec = { value: (f) => f.workshopId, noun: /workshop/ };

const caseText: Record<string, FieldSpec> = Object.fromEntries(['fullName', 'aNumber', 'facility', 'recipientName', 'recipientTitle', 'recipientOffice'].map((key) => [key, optionalText]));

/** Every route with input, in the order their valid bodies can be sent one after another. */
export const ROUTES: readonly RouteSpec[] = [
  // Accounts and sessions
  {
    method: 'POST',
    path: '/api/auth/signup',
    as: null,
    body: {
      valid: () => ({ email: 'new-person@casewrite.test', password: 'a-long-enough-password', name: 'New Person', profession: 'physician' }),
      fields: { email: text(), password: text(), name: text(), profession: { kind: 'enum', optional: true }, inviteToken: optionalText },
      accepted: 201,
    },
  },
  {
    method: 'POST',
    path: '/api/auth/login',
    as: null,
    body: { valid: (f) => ({ email: f.admin.user.email, password: f.admin.password }), fields: { email: text(), password: text() }, accepted: 200 },
  },
  { method: 'POST', path: '/api/auth/logout', as: 'commenter' },
  { method: 'GET', path: '/api/auth/session', as: null },
  { method: 'GET', path: '/api/me', as: 'admin' },
  {
    method: 'PATCH',
    path: '/api/me',
    as: 'admin',
    body: { valid: () => ({ name: 'Administrator' }), fields: { name: optionalText, profession: { kind: 'enum', optional: true } }, accepted: 200 },
  },
  { method: 'GET', path: '/api/me/signature', as: 'admin' },
  {
    method: 'PUT',
    path: '/api/me/signature',
    as: 'admin',
    body: {
      valid: () => ({ credentials: 'MD, MPH', licenseNumber: 'A12345', licenseState: 'CA', contact: 'clinic@casewrite.test' }),
      fields: { credentials: optionalText, licenseNumber: optionalText, licenseState: optionalText, contact: optionalText },
      accepted: 200,
      acceptsEmpty: true,
    },
  },
  { method: 'GET', path: '/api/settings/letterhead', as: 'admin' },
  {
    method: 'PUT',
    path: '/api/settings/letterhead',
    as: 'admin',
    body: {
      valid: () => ({ organizationName: 'Clinic', addressLines: ['1 Main St'], phone: '555-0100', email: 'clinic@casewrite.test', website: 'casewrite.test' }),
      fields: { organizationName: optionalText, addressLines: { kind: 'list', optional: true }, phone: optionalText, email: optionalText, website: optionalText },
      accepted: 200,
      acceptsEmpty: true,
    },
  },

  // Letters
  {
    method: 'POST',
    path: '/api/letters',
    as: 'admin',
    body: { valid: () => ({ title: 'A new letter', template: 'request-for-care' }), fields: { title: text(), template: { kind: 'enum', optional: true } }, accepted: 201 },
  },
  {
    method: 'GET',
    path: '/api/letters',
    as: 'admin',
    query: { valid: { status: 'draft', sort: 'deadline' }, fields: { status: { kind: 'enum', optional: true }, q: optionalText, sort: { kind: 'enum', optional: true } } },
  },
  { method: 'GET', path: '/api/letters/:id', as: 'admin', params: { id: letter } },
  {
    method: 'PATCH',
    path: '/api/letters/:id',
    as: 'admin',
    params: { id: letter },
    body: { valid: () => ({ title: 'Renamed letter' }), fields: { title: optionalText, status: { kind: 'enum', optional: true } }, accepted: 200 },
  },
  { method: 'GET', path: '/api/letters/:id/sends', as: 'admin', params: { id: letter } },
  { method: 'DELETE', path: '/api/letters/:id', as: 'admin', params: { id: letter } },

  // Members and invites
  { method: 'GET', path: '/api/letters/:id/members', as: 'admin', params: { id: letter } },
  {
    method: 'POST',
    path: '/api/letters/:id/members',
    as: 'admin',
    params: { id: letter },
    body: { valid: () => ({ email: 'invited-person@casewrite.test', role: 'viewer' }), fields: { email: text(), role: { kind: 'enum' } }, accepted: 201 },
  },
  {
    method: 'PATCH',
    path: '/api/letters/:id/members/:userId',
    as: 'admin',
    params: { id: letter, userId: { value: (f) => f.reviewer.user.id, noun: /member/ } },
    body: { valid: () => ({ role: 'editor' }), fields: { role: { kind: 'enum' } }, accepted: 200 },
  },
  { method: 'DELETE', path: '/api/letters/:id/members/:userId', as: 'admin', params: { id: letter, userId: { value: (f) => f.reviewer.user.id, noun: /member/ } } },
  { method: 'DELETE', path: '/api/letters/:id/invites/:inviteId', as: 'admin', params: { id: letter, inviteId: { value: (f) => f.inviteId, noun: /invite/ } } },
  { method: 'GET', path: '/api/invites/:token', as: null, params: { token: { value: (f) => f.inviteToken, noun: /invite link/ } } },
  { method: 'POST', path: '/api/invites/:token/accept', as: 'admin', params: { token: { value: (f) => f.inviteToken, noun: /invite link/ } } },

  // Case details and checklist
  { method: 'GET', path: '/api/letters/:id/case', as: 'admin', params: { id: letter } },
  {
    method: 'PATCH',
    path: '/api/letters/:id/case',
    as: 'admin',
    params: { id: letter },
    body: {
      valid: () => ({ fullName: 'Jane Doe', deadline: '2030-01-31', legalRoute: 'parole' }),
      fields: {
        ...caseText,
        dateOfBirth: { kind: 'date', optional: true },
        deadline: { kind: 'date', optional: true },
        legalRoute: { kind: 'enum', optional: true },
        requestType: { kind: 'enum', optional: true },
      },
      accepted: 200,
    },
  },
  { method: 'GET', path: '/api/letters/:id/checklist', as: 'admin', params: { id: letter } },
  {
    method: 'POST',
    path: '/api/letters/:id/checklist',
    as: 'admin',
    params: { id: letter },
    body: { valid: () => ({ sectionKey: 'summary', text: 'Ask the lawyer' }), fields: { sectionKey: text(), text: text() }, accepted: 201 },
  },
  {
    method: 'PATCH',
    path: '/api/letters/:id/checklist/:itemId',
    as: 'admin',
    params: { id: letter, itemId: { value: (f) => f.checklistItemId, noun: /checklist item/ } },
    body: {
      valid: () => ({ ticked: true }),
      fields: { text: optionalText, sectionKey: optionalText, position: { kind: 'int', optional: true }, ticked: { kind: 'bool', optional: true } },
      accepted: 200,
    },
  },
  { method: 'DELETE', path: '/api/letters/:id/checklist/:itemId', as: 'admin', params: { id: letter, itemId: { value: (f) => f.checklistItemId, noun: /checklist item/ } } },

  // Export and audit
  {
    method: 'GET',
    path: '/api/letters/:id/export',
    as: 'admin',
    params: { id: letter },
    query: { valid: { format: 'pdf' }, fields: { format: { kind: 'enum' } } },
  },
  {
    method: 'GET',
    path: '/api/letters/:id/audit',
    as: 'admin',
    params: { id: letter },
    query: {
      valid: { action: 'letter.renamed', limit: '10', format: 'csv' },
      fields: { action: { kind: 'enum', optional: true }, before: { kind: 'int', optional: true }, limit: { kind: 'int', optional: true }, format: { kind: 'enum', optional: true } },
    },
  },
  {
    method: 'GET',
    path: '/api/admin/audit',
    as: 'admin',
    query: {
      valid: { action: 'letter.renamed', limit: '10' },
      fields: {
        action: { kind: 'enum', optional: true },
        userId: optionalText,
        letterId: optionalText,
        before: { kind: 'int', optional: true },
        limit: { kind: 'int', optional: true },
        format: { kind: 'enum', optional: true },
      },
    },
  },

  // Comments
  { method: 'GET', path: '/api/letters/:id/threads', as: 'admin', params: { id: letter } },
  {
    method: 'POST',
    path: '/api/letters/:id/threads',
    as: 'admin',
    params: { id: letter },
    body: {
      valid: (f) => ({ anchor: f.anchor, quote: 'the words', body: 'A comment', mentions: [f.reviewer.user.id] }),
      fields: { anchor: { kind: 'object' }, quote: text(), body: text(), mentions: { kind: 'list', optional: true } },
      accepted: 201,
    },
  },
  {
    method: 'PATCH',
    path: '/api/letters/:id/threads/:threadId',
    as: 'admin',
    params: { id: letter, threadId: { value: (f) => f.threadId, noun: /comment thread/ } },
    body: { valid: () => ({ resolved: true }), fields: { resolved: { kind: 'bool' } }, accepted: 200 },
  },
  {
    method: 'POST',
    path: '/api/letters/:id/threads/:threadId/comments',
    as: 'admin',
    params: { id: letter, threadId: { value: (f) => f.threadId, noun: /comment thread/ } },
    body: { valid: () => ({ body: 'A reply' }), fields: { body: text(), mentions: { kind: 'list', optional: true } }, accepted: 201 },
  },
  {
    method: 'PATCH',
    path: '/api/letters/:id/threads/:threadId/comments/:commentId',
    as: 'admin',
    params: { id: letter, threadId: { value: (f) => f.threadId, noun: /comment thread/ }, commentId: { value: (f) => f.commentId, noun: /comment/ } },
    body: { valid: () => ({ body: 'Reworded' }), fields: { body: text(), mentions: { kind: 'list', optional: true } }, accepted: 200 },
  },
  {
    method: 'DELETE',
    path: '/api/letters/:id/threads/:threadId/comments/:commentId',
    as: 'admin',
    params: { id: letter, threadId: { value: (f) => f.threadId, noun: /comment thread/ }, commentId: { value: (f) => f.commentId, noun: /comment/ } },
  },

  // Reviews and versions
  { method: 'GET', path: '/api/letters/:id/reviews', as: 'admin', params: { id: letter } },
  {
    method: 'POST',
    path: '/api/letters/:id/reviews',
    as: 'admin',
    params: { id: letter },
    body: { valid: (f) => ({ reviewerId: f.commenter.user.id, message: 'Please read it' }), fields: { reviewerId: { kind: 'uuid' }, message: optionalText }, accepted: 201 },
  },
  {
    method: 'POST',
    path: '/api/letters/:id/reviews/:reviewId/finish',
    as: 'reviewer',
    params: { id: letter, reviewId: { value: (f) => f.reviewId, noun: /review/ } },
    body: { valid: () => ({ outcome: 'request_changes', summary: 'Cite the records' }), fields: { outcome: { kind: 'enum' }, summary: text() }, accepted: 200 },
  },
  { method: 'DELETE', path: '/api/letters/:id/reviews/:reviewId', as: 'admin', params: { id: letter, reviewId: { value: (f) => f.reviewId, noun: /review/ } } },
  { method: 'GET', path: '/api/letters/:id/versions', as: 'admin', params: { id: letter } },
  { method: 'GET', path: '/api/letters/:id/versions/:versionId', as: 'admin', params: { id: letter, versionId: { value: (f) => f.versionId, noun: /version/ } } },
  {
    method: 'POST',
    path: '/api/letters/:id/versions',
    as: 'admin',
    params: { id: letter },
    body: { valid: () => ({ name: 'Before the review' }), fields: { name: text() }, accepted: 201 },
  },
  { method: 'POST', path: '/api/letters/:id/versions/:versionId/restore', as: 'admin', params: { id: letter, versionId: { value: (f) => f.versionId, noun: /version/ } } },

  // Inbox
  { method: 'GET', path: '/api/inbox', as: 'reviewer' },
  { method: 'POST', path: '/api/inbox/read-all', as: 'reviewer' },
  { method: 'POST', path: '/api/inbox/:itemId/read', as: 'reviewer', params: { itemId: { value: (f) => f.inboxItemId, noun: /inbox item/ } } },

  // Workshops
  {
    method: 'POST',
    path: '/api/workshops',
    as: 'admin',
    body: { valid: () => ({ title: 'Spring workshop', date: '2030-04-01' }), fields: { title: text(), date: { kind: 'date' }, agenda: { kind: 'list', optional: true } }, accepted: 201 },
  },
  { method: 'GET', path: '/api/workshops', as: 'admin' },
  { method: 'POST', path: '/api/workshops/join', as: 'participant', body: { valid: (f) => ({ code: f.joinCode }), fields: { code: text() }, accepted: 200 } },
  { method: 'GET', path: '/api/workshops/:id', as: 'admin', params: { id: workshop } },
  {
    method: 'PATCH',
    path: '/api/workshops/:id',
    as: 'admin',
    params: { id: workshop },
    body: {
      valid: () => ({ title: 'Renamed workshop', agenda: [{ title: 'Drafting', minutes: 30, focusSections: ['summary'] }] }),
      fields: { title: optionalText, date: { kind: 'date', optional: true }, agenda: { kind: 'list', optional: true } },
      accepted: 200,
    },
  },
  {
    method: 'POST',
    path: '/api/workshops/:id/letter',
    as: 'participant',
    params: { id: workshop },
    body: { valid: () => ({ mode: 'new', title: 'My workshop letter' }), fields: { mode: { kind: 'enum' }, title: optionalText }, accepted: 201 },
  },
  { method: 'GET', path: '/api/workshops/:id/state', as: 'admin', params: { id: workshop } },
  { method: 'GET', path: '/api/workshops/:id/events', as: 'admin', params: { id: workshop } },
  {
    method: 'POST',
    path: '/api/workshops/:id/actions',
    as: 'admin',
    params: { id: workshop },
    body: { valid: () => ({ type: 'broadcast', text: 'Five minutes left' }), fields: { type: { kind: 'enum' }, text: text() }, accepted: 200 },
  },
  {
    method: 'PUT',
    path: '/api/workshops/:id/presence',
    as: 'participant',
    params: { id: workshop },
    body: { valid: () => ({ section: 'summary' }), fields: { section: text({ nullable: true }) }, accepted: 204 },
  },
  { method: 'GET', path: '/api/workshops/:id/board', as: 'admin', params: { id: workshop } },
  { method: 'PUT', path: '/api/workshops/:id/pairs', as: 'admin', params: { id: workshop }, body: { valid: () => ({ pairs: [] }), fields: { pairs: { kind: 'list' } }, accepted: 200 } },
  { method: 'DELETE', path: '/api/workshops/:id/pairs', as: 'admin', params: { id: workshop } },
  {
    method: 'PUT',
    path: '/api/workshops/:id/spotlight',
    as: 'admin',
    params: { id: workshop },
    body: { valid: () => ({ letterId: null }), fields: { letterId: { kind: 'uuid', nullable: true } }, accepted: 200 },
  },
  { method: 'GET', path: '/api/workshops/:id/spotlight', as: 'admin', params: { id: workshop } },
  { method: 'PUT', path: '/api/workshops/:id/share', as: 'participant', params: { id: workshop }, body: { valid: () => ({ shared: false }), fields: { shared: { kind: 'bool' } }, accepted: 200 } },
  { method: 'POST', path: '/api/workshops/:id/end', as: 'admin', params: { id: workshop } },
];

/** `pattern` with each `:param` replaced by `values[param]` (already URL-encoded as the caller wants it sent). */
export function fillPath(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/:(\w+)/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${pattern}`);
    return value;
  });
}

/** The route's valid path: every parameter from the fixtures. */
export function validParams(route: RouteSpec, f: RouteFixtures): Record<string, string> {
  return Object.fromEntries(Object.entries(route.params ?? {}).map(([name, param]) => [name, encodeURIComponent(param.value(f))]));
}
