/**
 * Bad input over HTTP, generated from the table of every route (test/helpers/routeTable.ts):
 * malformed JSON, bodies not sent as JSON, wrong types, missing and extra fields, bodies over the
 * limit, text that cannot be stored (lone surrogates, NUL and other control characters, 10,000
 * characters), query values that are not values, and path ids that are not ids. Each is a 4xx in
 * the API's error shape naming the field (or the thing) at fault, nothing is logged as a server
 * error, and every table of the database is exactly as it was.
 *
 * Then the text people do type (emoji, right-to-left, zero-width, SQL) is stored and returned
 * verbatim, and each route's valid body is accepted, which shows every refusal above was for the
 * one thing its case changed. One server and one set of accounts serve every case.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_DIST, createApp } from '../../server/app';
import { RoomManager } from '../../server/collab/rooms';
import { createInProcessRoomBus } from '../../server/collab/roomBus';
import { ConnectionRegistry } from '../../server/collab/connections';
import { openDatabase } from '../../server/db/database';
import type { RunningServer } from '../../server/start';
import { startServer } from '../../server/start';
import { WorkshopHub } from '../../server/workshops/hub';
import type { User } from '../../shared/auth';
import type { CommentThread } from '../../shared/comments';
import type { Letter } from '../../shared/letters';
import type { VersionSummary } from '../../shared/versions';
import type { Workshop } from '../../shared/workshops';
import { createUser, uniqueEmail } from '../helpers/accounts';
import { getInbox, postThread, sampleAnchor, threadBody } from '../helpers/comments';
import { commitMark, openTestDatabase, tableNames, tableRows, type TestDatabase } from '../helpers/database';
import type { Session } from '../helpers/http';
import { expectJson, requestJson } from '../helpers/http';
import { addMember, createLetter, inviteEmail, inviteTokenOf } from '../helpers/letters';
import type { RecordingLogger } from '../helpers/resources';
import { createRecordingLogger } from '../helpers/resources';
import { requestReview } from '../helpers/reviews';
import type { FieldSpec, RouteFixtures, RouteSpec } from '../helpers/routeTable';
import { dropTestDatabase, ensureTestDatabase, testClusterUrl } from '../helpers/postgres';
import { fillPath, ROUTES, ROUTES_WITHOUT_TABLE_ENTRY, validParams } from '../helpers/routeTable';
import { engineDocStore } from '../../server/collab/engineDocStore';
import { saveVersion } from '../helpers/versions';
import { getChecklist, itemAt } from '../helpers/workspace';
import { attachNewLetter, createWorkshop, joinWorkshop } from '../helpers/workshops';

/** The API's body limit (server/app.ts). */
const MAX_BODY_BYTES = 64 * 1024;

/** A request exactly as sent: raw path (no URL normalization), raw body. */
interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body with chunked transfer encoding (no Content-Length). */
  chunked?: boolean;
}

/** What a case expects: a status, an error code, and what the message must name. */
interface Expected {
  status: number;
  code: string;
  names: string | RegExp;
}

/** One generated case, resolved against the fixtures when it runs. */
interface Case {
  name: string;
  request(f: RouteFixtures): RawRequest;
  expected: Expected;
}

let server: RunningServer;
let dataDir: string;
let logger: RecordingLogger;
let reader: TestDatabase;
/** The server's own PostgreSQL database when the suite runs on one (see test/helpers/postgres.ts). */
let clusterUrl: string | null;
let fixtures: RouteFixtures;

/** Sends a request over a fresh connection, with the app's Origin, and reads the whole answer. */
function send(request: RawRequest): Promise<{ status: number; text: string; contentType: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { Origin: server.origin, ...request.headers };
    if (request.body !== undefined) {
      // Node's client sends a DELETE body unframed unless told to chunk it.
      if (request.chunked) headers['Transfer-Encoding'] = 'chunked';
      else headers['Content-Length'] = Buffer.byteLength(request.body);
    }
    const outgoing = http.request({ host: '127.0.0.1', port: server.port, method: request.method, path: request.path, headers, agent: false });
    let answered = false;
    outgoing.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), contentType: String(response.headers['content-type'] ?? '') }));
      response.on('error', reject);
    });
    // A server that refuses a large body early may close before it is all written; the answer counts.
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (request.body === undefined) {
      outgoing.end();
    } else if (request.chunked) {
      const body = Buffer.from(request.body);
      for (let offset = 0; offset < body.length; offset += 16 * 1024) outgoing.write(body.subarray(offset, offset + 16 * 1024));
      outgoing.end();
    } else {
      outgoing.end(request.body);
    }
  });
}

/** Every table's rows as text (blobs as base64), sorted, except when each session was last checked. */
async function snapshotDatabase(): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>();
  for (const table of await tableNames(reader)) {
    const rows = await tableRows(reader, table);
    const lines = rows.map((row) => {
      // Using the API extends a session; that is the session's clock, not a change of data.
      if (table === 'sessions') delete row.last_verified_at;
      return JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('base64') : value));
    });
    snapshot.set(table, lines.sort().join('\n'));
  }
  return snapshot;
}

/** The tables whose rows differ between two snapshots. */
function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((table) => before.get(table) !== after.get(table));
}

/** How many errors the server has logged (an unhandled error is logged, then answered 500). */
function loggedErrors(): number {
  return logger.entries.filter((entry) => entry.level === 'error').length;
}

/** The session of a route's caller. */
function sessionOf(route: RouteSpec, f: RouteFixtures): Session | null {
  return route.as === null ? null : f[route.as];
}

/** Headers of a JSON request by the route's caller. */
function jsonHeaders(route: RouteSpec, f: RouteFixtures, contentType: string | null = 'application/json'): Record<string, string> {
  const session = sessionOf(route, f);
  return { ...(contentType === null ? {} : { 'Content-Type': contentType }), ...(session ? { Cookie: session.cookie } : {}) };
}

/** A query string of `values`; a list value repeats its key. */
function queryString(values: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) for (const item of [value].flat()) params.append(key, item);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The route's valid request with `change` applied to its parts. */
function requestFor(route: RouteSpec, f: RouteFixtures, change: { params?: Record<string, string>; body?: string | Buffer; query?: string; contentType?: string | null; chunked?: boolean } = {}): RawRequest {
  const pathname = fillPath(route.path, { ...validParams(route, f), ...change.params });
  const query = change.query ?? (route.query ? queryString(route.query.valid) : '');
  const body = change.body ?? (route.body ? JSON.stringify(route.body.valid(f)) : undefined);
  return { method: route.method, path: `${pathname}${query}`, headers: jsonHeaders(route, f, change.contentType), body, chunked: change.chunked };
}

// --- The cases ---------------------------------------------------------------------------------

const MALFORMED_JSON: [string, string][] = [
  ['an empty body', ''],
  ['an unclosed object', '{"title": "x"'],
  ['a missing value', '{"title": }'],
  ['single quotes', "{'title': 'x'}"],
  ['a trailing comma', '{"title": "x",}'],
  ['trailing garbage', '{"title": "x"} garbage'],
  ['a truncated literal', 'nul'],
];

const WRONG_ROOTS: [string, string][] = [
  ['a list', '[]'],
  ['a string', '"title"'],
  ['a number', '42'],
  ['null', 'null'],
  ['true', 'true'],
  ['lists nested 20,000 deep', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
];

const NOT_JSON_TYPES: [string, string | null][] = [
  ['no Content-Type', null],
  ['text/plain', 'text/plain'],
  ['a form', 'application/x-www-form-urlencoded'],
  ['multipart', 'multipart/form-data; boundary=x'],
];

/** Strings that cannot be stored, or are far too long for any field. */
const UNSTORABLE_TEXT: [string, string][] = [
  ['a lone high surrogate', 'a\uD800b'],
  ['a lone low surrogate', '\uDC00'],
  ['a NUL', 'a\u0000b'],
  ['a control character (BEL)', 'ring\u0007'],
  ['U+FFFF', 'a\uFFFF'],
  ['10,000 characters', 'x'.repeat(10_000)],
  ['10,000 emoji', '😀'.repeat(10_000)],
];

/** A value written into the body as this JSON text (JSON.stringify cannot produce 1e400). */
class RawJson {
  constructor(readonly text: string) {}
}
const RAW = (text: string) => new RawJson(text);

/** `value` as JSON, with RawJson values written as their text. */
function toJson(value: Record<string, unknown>): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof RawJson)) return item;
    raws.push(item.text);
    return `<raw json ${raws.length - 1}>`;
  });
  return text.replace(/"<raw json (\d+)>"/g, (_match, index: string) => raws[Number(index)] ?? 'null');
}

/** Values of the wrong type for each kind of field. */
function wrongValues(field: FieldSpec): [string, unknown][] {
  const values: [string, unknown][] = (() => {
    switch (field.kind) {
      case 'text':
        return [['a number', 42], ['true', true], ['a list', ['x']], ['an object', { text: 'x' }]];
      case 'enum':
        return [['an unknown option', 'no-such-option'], ['a number', 1], ['a list', []]];
      case 'uuid':
        return [['not a UUID', 'not-a-uuid'], ['a number', 42], ['an object', {}]];
      case 'date':
        return [['a day that does not exist', '2030-02-30'], ['a word', 'tomorrow'], ['a number', 20300101]];
      case 'int':
        return [['a string', '3'], ['a fraction', 1.5], ['a negative number', -1], ['true', true], ['an infinite number', RAW('1e400')], ['an integer past 2^53', RAW('9007199254740993')]];
      case 'bool':
        return [['a string', 'true'], ['a number', 1], ['a list', []]];
      case 'list':
        return [['a string', 'x'], ['a number', 42], ['an object', {}], ['a list of numbers', [42]], ['a list holding a NUL', ['a\u0000b']]];
      case 'object':
        return [['a string', 'x'], ['a list', []], ['a number', 42], ['an empty object', {}], ['an object holding a lone surrogate', { start: '\uD800' }]];
    }
  })();
  return field.nullable ? values : [...values, ['null', null]];
}

function isStringField(field: FieldSpec): boolean {
  return ['text', 'enum', 'uuid', 'date'].includes(field.kind);
}

const badRequest = (names: string | RegExp): Expected => ({ status: 400, code: 'bad_request', names });

/** Cases checked together in one test; a failure lists every case that failed. */
interface CaseGroup {
  name: string;
  cases: Case[];
}

/** Groups of cases for a route's JSON body: its framing, its shape, then each field. */
function bodyGroups(route: RouteSpec): CaseGroup[] {
  const spec = route.body;
  if (!spec) return [];
  const withBody = (body: (f: RouteFixtures) => string | Buffer, change: { contentType?: string | null } = {}) => (f: RouteFixtures) => requestFor(route, f, { body: body(f), ...change });
  const withField = (name: string, value: unknown) => withBody((f) => toJson({ ...spec.valid(f), [name]: value }));
  const shape: Case[] = [
    ...WRONG_ROOTS.map(([name, body]): Case => ({ name: `${name} as the body`, request: withBody(() => body), expected: badRequest(/expected object|Invalid input/) })),
    { name: 'an extra field', request: withField('unexpected', true), expected: badRequest('unexpected') },
    { name: 'a __proto__ field', request: withBody((f) => `{"__proto__": {"isAdmin": true}, ${JSON.stringify(spec.valid(f)).slice(1)}`), expected: badRequest('__proto__') },
  ];
  if (!spec.acceptsEmpty) shape.push({ name: 'an empty object', request: withBody(() => '{}'), expected: badRequest(/./) });
  const groups: CaseGroup[] = [
    { name: 'refuses malformed JSON', cases: MALFORMED_JSON.map(([name, body]) => ({ name, request: withBody(() => body), expected: badRequest(/not valid JSON/) })) },
    {
      name: 'refuses a JSON body not sent as JSON (415)',
      cases: NOT_JSON_TYPES.map(([name, type]) => ({
        name,
        request: withBody((f) => JSON.stringify(spec.valid(f)), { contentType: type }),
        expected: { status: 415, code: 'unsupported_media_type', names: /Content-Type: application\/json/ },
      })),
    },
    { name: 'refuses a body that is not an object of its fields', cases: shape },
  ];
  for (const [name, field] of Object.entries(spec.fields)) {
    const cases: Case[] = wrongValues(field).map(([label, value]) => ({ name: label, request: withField(name, value), expected: badRequest(name) }));
    if (!field.optional) {
      const without = withBody((f) => JSON.stringify(Object.fromEntries(Object.entries(spec.valid(f)).filter(([key]) => key !== name))));
      cases.unshift({ name: 'missing', request: without, expected: badRequest(name) });
    }
    if (isStringField(field)) cases.push(...UNSTORABLE_TEXT.map(([label, value]) => ({ name: label, request: withField(name, value), expected: badRequest(name) })));
    groups.push({ name: `refuses a bad ${name}, naming it`, cases });
  }
  return groups;
}

/** Bodies over the limit, for every route that can carry one. */
function sizeGroups(route: RouteSpec): CaseGroup[] {
  if (route.method === 'GET') return [];
  const tooLarge = (bytes: number) => JSON.stringify({ title: 'x'.repeat(bytes) });
  const expected: Expected = { status: 413, code: 'payload_too_large', names: /larger than 65536 bytes/ };
  const cases: Case[] = [
    { name: 'one byte over the limit, with Content-Length', request: (f) => requestFor(route, f, { body: tooLarge(MAX_BODY_BYTES + 1 - '{"title":""}'.length) }), expected },
    { name: '1 MiB sent in chunks, without Content-Length', request: (f) => requestFor(route, f, { body: tooLarge(1024 * 1024), chunked: true }), expected },
  ];
  return [{ name: 'refuses a body over the limit (413)', cases }];
}

/** Path segments that are not ids, as sent on the wire. */
const NOT_IDS: [string, string][] = [
  ['garbage', 'not-an-id'],
  ['4,000 characters', 'x'.repeat(4_000)],
  ['an encoded path traversal', '..%2F..%2F..%2Fetc%2Fpasswd'],
  ['a malformed percent escape', '%ZZ%'],
  ['an encoded NUL', '%00'],
  ['an encoded lone surrogate (invalid UTF-8)', '%ED%A0%80'],
  ['SQL', encodeURIComponent("' OR '1'='1")],
  ['emoji', encodeURIComponent('🙂')],
  ['a UUID of nothing', '0b9f9c1e-7a4e-4c59-9d36-4e1f2f7d8a11'],
];

/** Dot segments, which the URL parser resolves before routing: they may land on another route, never on data. */
const DOT_SEGMENTS: [string, string][] = [
  ['a dot-dot segment', '..'],
  ['percent-encoded dots', '%2e%2e'],
];

/** A group per path parameter; the rest of the request is valid. */
function paramGroups(route: RouteSpec): CaseGroup[] {
  return Object.entries(route.params ?? {}).map(([name, param]) => ({
    name: `answers 404 to a :${name} that is not an id, naming what is missing`,
    cases: [
      ...NOT_IDS.map(([label, raw]) => ({ name: label, request: (f: RouteFixtures) => requestFor(route, f, { params: { [name]: raw } }), expected: { status: 404, code: 'not_found', names: param.noun } })),
      ...DOT_SEGMENTS.map(([label, raw]) => ({ name: label, request: (f: RouteFixtures) => requestFor(route, f, { params: { [name]: raw } }), expected: { status: 404, code: 'not_found', names: /No such/ } })),
    ],
  }));
}

/** Query values that are not values, by kind. */
function badQueryValues(field: FieldSpec): [string, string | string[]][] {
  const repeated: [string, string[]] = ['a repeated key', ['a', 'b']];
  const text: [string, string][] = [
    ['a NUL', 'a\u0000b'],
    ['a control character (BEL)', 'ring\u0007'],
    ['10,000 characters', 'x'.repeat(10_000)],
  ];
  if (field.kind === 'enum') return [['an unknown option', 'no-such-option'], ['an empty value', ''], repeated, ...text];
  if (field.kind === 'int') return [['a word', 'abc'], ['a fraction', '1.5'], ['a negative number', '-1'], ['an infinite number', '1e400'], ['an empty value', ''], repeated];
  return [repeated, ...text];
}

/** A group per query field. */
function queryGroups(route: RouteSpec): CaseGroup[] {
  const spec = route.query;
  if (!spec) return [];
  return Object.entries(spec.fields).map(([name, field]) => {
    const cases: Case[] = badQueryValues(field).map(([label, value]) => ({
      name: label,
      request: (f: RouteFixtures) => requestFor(route, f, { query: queryString({ ...spec.valid, [name]: value }) }),
      expected: badRequest(name),
    }));
    if (!field.optional) {
      const rest = Object.fromEntries(Object.entries(spec.valid).filter(([key]) => key !== name));
      cases.unshift({ name: 'missing', request: (f) => requestFor(route, f, { query: queryString(rest) }), expected: badRequest(name) });
    }
    return { name: `refuses a bad ${name} in the query, naming it`, cases };
  });
}

/** Every group of cases for a route. */
function groupsFor(route: RouteSpec): CaseGroup[] {
  return [...bodyGroups(route), ...sizeGroups(route), ...queryGroups(route), ...paramGroups(route)];
}

/** Changes with every commit by another connection (see `commitMark`): unchanged means nothing was written. */
function writeMark(): Promise<string> {
  return commitMark(reader);
}

/** How many letters the database holds. */
async function countLetters(): Promise<number> {
  const row = await reader.db.selectFrom('letters').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Sends each case and checks its answer, that nothing was written (no commit at all) and that no
 * error was logged; then that every table is as it was. Fails once, listing every failed case.
 */
async function runGroup(group: CaseGroup): Promise<void> {
  const before = await snapshotDatabase();
  const failures: string[] = [];
  for (const testCase of group.cases) {
    const version = await writeMark();
    const errors = loggedErrors();
    const request = testCase.request(fixtures);
    try {
      const response = await send(request);
      const shown = `${request.method} ${request.path.slice(0, 100)} answered ${response.status}: ${response.text.slice(0, 300)}`;
      expect(response.status, shown).toBe(testCase.expected.status);
      expect(response.contentType, shown).toMatch(/^application\/json/);
      const body = JSON.parse(response.text) as { error?: { message?: unknown } }; // the shape is asserted next
      expect(body, shown).toEqual({ error: { code: testCase.expected.code, message: expect.any(String) } });
      const message = String(body.error?.message);
      if (typeof testCase.expected.names === 'string') expect(message, shown).toContain(testCase.expected.names);
      else expect(message, shown).toMatch(testCase.expected.names);
      expect(await writeMark(), `${shown}: the database was written`).toBe(version);
      expect(logger.entries.filter((entry) => entry.level === 'error').slice(errors), shown).toEqual([]);
    } catch (error) {
      failures.push(`${testCase.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  expect(failures, `${failures.length} of ${group.cases.length} cases failed`).toEqual([]);
  expect(changedTables(before, await snapshotDatabase()), 'tables changed').toEqual([]);
}

// --- The suite ---------------------------------------------------------------------------------

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'casewrite-bad-input-'));
  logger = createRecordingLogger();
  clusterUrl = testClusterUrl();
  const databaseUrl = clusterUrl ? await ensureTestDatabase(clusterUrl, dataDir) : undefined;
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir, logger, ...(databaseUrl ? { databaseUrl } : {}) });
  reader = openTestDatabase(server.database);

  const admin = await createUser(server);
  expect(admin.user.isAdmin, 'the first account is the administrator').toBe(true);
  const [reviewer, commenter, participant] = [await createUser(server), await createUser(server), await createUser(server)];
  const letter = await createLetter(server, admin);
  await addMember(server, admin, letter.id, reviewer, 'editor');
  await addMember(server, admin, letter.id, commenter, 'commenter');
  const invite = await inviteEmail(server, admin, letter.id, uniqueEmail('invitee'), 'viewer');
  const anchor = sampleAnchor();
  const thread = await postThread(server, admin, letter.id, threadBody({ anchor }));
  const review = await requestReview(server, admin, letter.id, reviewer.user.id, 'Please check the history.');
  const version = await saveVersion(server, admin, letter.id, 'First draft');
  const inboxItem = (await getInbox(server, reviewer)).items[0];
  const workshop = await createWorkshop(server, admin);
  await joinWorkshop(server, participant, workshop.joinCode);
  await attachNewLetter(server, participant, workshop.id);
  expect(inboxItem, 'the review request reached the reviewer').toBeDefined();

  fixtures = {
    admin,
    reviewer,
    commenter,
    participant,
    letterId: letter.id,
    inviteId: invite.id,
    inviteToken: inviteTokenOf(invite.link),
    checklistItemId: itemAt(await getChecklist(server, admin, letter.id), 0).id,
    threadId: thread.id,
    commentId: thread.comments[0]?.id ?? '',
    reviewId: review.id,
    versionId: version.id,
    inboxItemId: inboxItem?.id ?? '',
    workshopId: workshop.id,
    joinCode: workshop.joinCode,
    anchor,
  };
}, 60_000);

afterAll(async () => {
  await reader?.close();
  await server?.close();
  if (dataDir && clusterUrl) await dropTestDatabase(clusterUrl, dataDir);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('the table lists every route the app serves', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'casewrite-routes-'));
  const database = await openDatabase({ dataDir: dir });
  try {
    const log = createRecordingLogger();
    const docStore = engineDocStore(database);
    const rooms = new RoomManager({ store: docStore, bus: createInProcessRoomBus(), log });
    const app = createApp({ db: database.db, docStore, rooms, connections: new ConnectionRegistry(), log, allowedOrigins: [], signup: 'open', secureCookies: false, workshopHub: new WorkshopHub() });
    const served = new Set(app.routes.filter((route) => route.method !== 'ALL').map((route) => `${route.method} ${route.path}`));
    const listed = new Set([...ROUTES.map((route) => `${route.method} ${route.path}`), ...Object.keys(ROUTES_WITHOUT_TABLE_ENTRY)]);
    expect([...served].filter((route) => !listed.has(route)), 'routes missing from test/helpers/routeTable.ts').toEqual([]);
    expect([...listed].filter((route) => !served.has(route)), 'routes in the table that the app does not serve').toEqual([]);
  } finally {
    await database.db.destroy();
    await rm(dir, { recursive: true, force: true });
  }
});

describe('bad input changes nothing', () => {
  for (const route of ROUTES) {
    const groups = groupsFor(route);
    if (groups.length === 0) continue;
    describe(`${route.method} ${route.path}`, () => {
      for (const group of groups) it(`${group.name} (${group.cases.length} cases)`, () => runGroup(group));
    });
  }

  it('never serves a file from outside the built client, however the path climbs', async () => {
    const paths = ['/../package.json', '/..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2f..%2fpackage.json', '/assets/%2e%2e%5c%2e%2e%5cpackage.json'];
    // Without a built client (a fresh clone before `npm run build`) every page answers 503 saying
    // so, which serves no file either; with one, a climbing path gets the app or a 4xx.
    const built = existsSync(CLIENT_DIST);
    for (const climbing of paths) {
      const response = await send({ method: 'GET', path: climbing });
      if (built) expect(response.status, climbing).toBeLessThan(500);
      else expect(response.status, climbing).toBe(503);
      expect(response.text, climbing).not.toContain('"name": "casewrite"');
    }
  });
});

describe('text people type is stored and returned verbatim', () => {
  /** Strings that must round-trip exactly (none has white space at its ends, which is trimmed). */
  const VERBATIM: [string, string][] = [
    ['SQL that would drop the letters table', "'; DROP TABLE letters; --"],
    ['SQL quoting and comments', `Robert'); DROP TABLE users;-- " OR ""=" /* */`],
    ['LIKE wildcards and a backslash', '100% of_the \\ cases'],
    ['emoji with a skin tone, a joiner and a flag', '👩🏽‍⚕️ Dr. Ada 🇺🇦'],
    ['a right-to-left override', 'Letter \u202Egnp.exe'],
    ['zero-width characters', 'Zero\u200Bwidth\u200C\u200Djoin\u2060er'],
    ['combining marks', 'Zoe\u0308 Nandu\u0301'],
    ['right-to-left and CJK scripts', 'مرحبا שלום 你好'],
    ['markup', '<script>alert("x")</script> &amp;'],
    ['a tab and a non-breaking space inside', 'a\tb\u00A0c'],
  ];

  interface Target {
    name: string;
    max: number;
    write(value: string): Promise<Response>;
    read(): Promise<string | undefined>;
  }

  let writer: Awaited<ReturnType<typeof createUser>>;
  let letter: Letter;
  let workshop: Workshop;
  let itemId: string;
  let thread: CommentThread;
  const targets: Target[] = [];

  beforeAll(async () => {
    writer = await createUser(server);
    letter = await createLetter(server, writer);
    workshop = await createWorkshop(server, writer);
    itemId = itemAt(await getChecklist(server, writer, letter.id), 0).id;
    thread = await postThread(server, writer, letter.id);
    const get = async <T>(pathname: string, session: Session = writer): Promise<T> => expectJson<T>(requestJson(server, pathname, { session }), 200);
    const write = (method: string, pathname: string, body: unknown, session: Session = writer) => requestJson(server, pathname, { method, body, session });
    let versionId = '';
    // Each case's version on a letter of its own: one letter gets only so many versions a minute (VersionQuota).
    const versionLetters: string[] = [];
    for (let index = 0; index <= VERBATIM.length; index += 1) versionLetters.push((await createLetter(server, writer)).id);
    let versionLetterId = '';
    targets.push(
      { name: 'an account name', max: 80, write: (v) => write('PATCH', '/api/me', { name: v }), read: async () => (await get<{ user: User }>('/api/me')).user.name },
      { name: 'a letter title', max: 200, write: (v) => write('PATCH', `/api/letters/${letter.id}`, { title: v }), read: async () => (await get<{ letter: Letter }>(`/api/letters/${letter.id}`)).letter.title },
      { name: 'a workshop title', max: 200, write: (v) => write('PATCH', `/api/workshops/${workshop.id}`, { title: v }), read: async () => (await get<{ workshop: Workshop }>(`/api/workshops/${workshop.id}`)).workshop.title },
      {
        name: 'a version name',
        max: 120,
        write: async (v) => {
          versionLetterId = versionLetters.shift() ?? letter.id;
          const response = await write('POST', `/api/letters/${versionLetterId}/versions`, { name: v });
          versionId = ((await response.clone().json()) as { version?: VersionSummary }).version?.id ?? '';
          return response;
        },
        read: async () => (await get<{ versions: VersionSummary[] }>(`/api/letters/${versionLetterId}/versions`)).versions.find((version) => version.id === versionId)?.name,
      },
      {
        name: 'a checklist item',
        max: 500,
        write: (v) => write('PATCH', `/api/letters/${letter.id}/checklist/${itemId}`, { text: v }),
        read: async () => (await getChecklist(server, writer, letter.id)).find((item) => item.id === itemId)?.text,
      },
      {
        name: 'a comment',
        max: 4000,
        write: (v) => write('PATCH', `/api/letters/${letter.id}/threads/${thread.id}/comments/${thread.comments[0]?.id ?? ''}`, { body: v }),
        read: async () => (await get<{ threads: CommentThread[] }>(`/api/letters/${letter.id}/threads`)).threads.find((t) => t.id === thread.id)?.comments[0]?.body,
      },
      {
        name: "the case's full name",
        max: 200,
        write: (v) => write('PATCH', `/api/letters/${letter.id}/case`, { fullName: v }),
        read: async () => (await get<{ case: { fullName: string } }>(`/api/letters/${letter.id}/case`)).case.fullName,
      },
      {
        name: "the letterhead's organization",
        max: 200,
        write: (v) => write('PUT', '/api/settings/letterhead', { organizationName: v }, fixtures.admin),
        read: async () => (await get<{ letterhead: { organizationName: string } }>('/api/settings/letterhead')).letterhead.organizationName,
      },
      {
        name: "a signature's credentials",
        max: 100,
        write: (v) => write('PUT', '/api/me/signature', { credentials: v }),
        read: async () => (await get<{ signature: { credentials: string } }>('/api/me/signature')).signature.credentials,
      },
    );
  }, 30_000);

  const LIMIT_CASE = 'emoji filling the length limit exactly';
  for (const [label, value] of [...VERBATIM, [LIMIT_CASE, ''] as [string, string]]) {
    it(`${label}, in every name and title`, async () => {
      const letterCount = await countLetters();
      for (const target of targets) {
        // A surrogate pair counts two toward a limit, as in the browser's maxlength.
        const text = label === LIMIT_CASE ? '😀'.repeat(target.max / 2) : value;
        const response = await target.write(text);
        expect(response.status, `${target.name}: ${await response.clone().text()}`).toBeLessThan(300);
        expect(await target.read(), target.name).toBe(text);
      }
      // Stored as data, never run: every letter is still there.
      expect(await countLetters()).toBe(letterCount);
    });
  }

  it('searching for LIKE wildcards matches them literally', async () => {
    const percent = await createLetter(server, writer, { title: 'Dose 100% of_plan' });
    const lookalike = await createLetter(server, writer, { title: 'Dose 1000 ofXplan' });
    const search = async (q: string) =>
      (await expectJson<{ letters: Letter[] }>(requestJson(server, `/api/letters${queryString({ q })}`, { session: writer }), 200)).letters.map((found) => found.id);
    expect(await search('0% of_')).toEqual([percent.id]);
    expect(await search('0_ of')).toEqual([]);
    expect(await search('Dose')).toEqual(expect.arrayContaining([percent.id, lookalike.id]));
  });
});

describe('each valid request is accepted, so each refusal above was for its one change', () => {
  it('(the check that nothing was written sees a write)', async () => {
    const version = await writeMark();
    await expectJson(requestJson(server, '/api/me', { method: 'PATCH', session: fixtures.admin, body: { profession: 'physician' } }), 200);
    expect(await writeMark()).not.toBe(version);
  });

  for (const route of ROUTES) {
    if (!route.body && !route.query) continue;
    it(`${route.method} ${route.path}`, async () => {
      const request = requestFor(route, fixtures);
      const response = await send(request);
      const expected = route.body?.accepted ?? 200;
      expect(response.status, `${request.method} ${request.path} answered ${response.status}: ${response.text.slice(0, 300)}`).toBe(expected);
    });
  }
});
