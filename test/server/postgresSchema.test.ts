/**
 * The relational schema on PostgreSQL (runs when DATABASE_URL names a cluster): every migration
 * applies to a fresh database, also from two instances starting at once, and the queries that
 * lean on what SQLite has built in (rowid order, casefold(), json_extract(), the unique-violation
 * code, the append-only audit triggers, 64-bit millisecond times) behave as they do on SQLite.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { onCluster as onClusterAt } from '../helpers/postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_CASE } from '../../shared/caseDetails';
import { createAccount } from '../../server/auth/users';
import { recordAudit } from '../../server/audit/store';
import { saveCaseDetails } from '../../server/case/store';
import { createPgDocStore } from '../../server/collab/pgDocStore';
import { openDatabase } from '../../server/db/database';
import type { OpenDatabase } from '../../server/db/database';
import { migrationProvider } from '../../server/db/migrations';
import type { Database } from '../../server/db/schema';
import { createLetter } from '../../server/letters/create';
import { listLettersForUser } from '../../server/letters/store';
import { insertReview, listReviews } from '../../server/reviews/store';
import { insertVersion, listVersions } from '../../server/versions/store';
import { buildState } from '../../server/workshops/state';
import { savePairs } from '../../server/workshops/sessionStore';
import { insertWorkshop } from '../../server/workshops/store';

const clusterUrl = process.env.DATABASE_URL ? process.env.DATABASE_URL : null;

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function onCluster<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  return onClusterAt(clusterUrl ?? '', work);
}

/** An empty database on the cluster (CREATE DATABASE with a random name), dropped after the test. */
async function emptyDatabaseUrl(): Promise<string> {
  const name = `cw_schema_${randomUUID().replaceAll('-', '')}`;
  await onCluster((client) => client.query(`CREATE DATABASE ${name}`));
  cleanups.push(() => onCluster((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined));
  const url = new URL(clusterUrl ?? '');
  url.pathname = `/${name}`;
  return url.toString();
}

/** Opens (and so migrates) the database at `url`, closed after the test. */
async function open(url: string): Promise<OpenDatabase> {
  const database = await openDatabase({ dataDir: tmpdir(), databaseUrl: url });
  cleanups.push(() => database.db.destroy());
  return database;
}

let emailCount = 0;
async function account(db: Kysely<Database>, name: string) {
  emailCount += 1;
  return createAccount(db, { email: `person${emailCount}@example.org`, name, profession: 'physician', passwordHash: 'not-a-real-hash' }, null, null);
}

describe.skipIf(clusterUrl === null)('the schema on PostgreSQL', () => {
  it('applies every migration to a fresh database, once, also when two instances start at once', async () => {
    const url = await emptyDatabaseUrl();
    const [first, second] = await Promise.all([open(url), open(url)]);
    const expected = Object.keys(await migrationProvider('postgres').getMigrations()).sort();
    const applied = await first.db.selectFrom('kysely_migration' as never).select('name' as never).orderBy('name' as never).execute();
    expect(applied.map((row) => (row as { name: string }).name)).toEqual(expected);
    expect(first.location).toEqual({ engine: 'postgres', url });
    expect(first.sqlite).toBeNull();
    // Opening again finds nothing to do.
    await open(url);
    expect(await second.db.selectFrom('users').selectAll().execute()).toEqual([]);
  });

  it('accounts: the first is the administrator, a taken email is refused as on SQLite, ms times stay numbers', async () => {
    const { db } = await open(await emptyDatabaseUrl());
    const admin = await createAccount(db, { email: 'ana@example.org', name: 'Ana', profession: 'physician', passwordHash: 'x' }, null, null);
    const other = await createAccount(db, { email: 'ben@example.org', name: 'Ben', profession: 'physician', passwordHash: 'x' }, null, null);
    expect([admin.isAdmin, other.isAdmin]).toEqual([true, false]);
    await expect(createAccount(db, { email: 'ana@example.org', name: 'Another', profession: 'physician', passwordHash: 'x' }, null, null)).rejects.toMatchObject({
      status: 409,
      code: 'email_taken',
    });

    const now = Date.now();
    await db.insertInto('sessions').values({ id: 's1', user_id: admin.id, secret_hash: new Uint8Array([1, 2, 3]), created_at: now, last_verified_at: now }).execute();
    const session = await db.selectFrom('sessions').selectAll().where('id', '=', 's1').executeTakeFirstOrThrow();
    expect(session.created_at).toBe(now);
    expect(new Uint8Array(session.secret_hash)).toEqual(new Uint8Array([1, 2, 3]));
    const { count } = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(count).toBe(2);
  });

  it('the audit log refuses updates, deletes and truncation', async () => {
    const { db } = await open(await emptyDatabaseUrl());
    await recordAudit(db, { action: 'auth.signup' });
    await expect(db.updateTable('audit_log').set({ action: 'changed' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    await expect(db.executeQuery({ sql: 'TRUNCATE audit_log', parameters: [], query: { kind: 'RawNode' } as never, queryId: { queryId: 'truncate' } })).rejects.toThrow(/append-only/);
    expect(await db.selectFrom('audit_log').select('action').execute()).toEqual([{ action: 'auth.signup' }]);
  });

  it('lists letters by search (any script, case details too, wildcards literal) and by deadline', async () => {
    const database = await open(await emptyDatabaseUrl());
    const { db } = database;
    const docStore = createPgDocStore(database.pool as pg.Pool);
    const owner = await account(db, 'Owner');
    const make = (title: string) => createLetter({ db, docStore }, { title, ownerId: owner.id, ip: null });
    const accented = await make('ÉCOUTE Médicale');
    const percent = await make('100% urgent');
    const later = await make('Later deadline');
    const none = await make('No deadline');
    await saveCaseDetails(db, accented.id, { ...EMPTY_CASE, deadline: '2031-05-01', facility: 'Otay Mesa Detention' });
    await saveCaseDetails(db, later.id, { ...EMPTY_CASE, deadline: '2032-01-01' });
    const list = async (filter: Parameters<typeof listLettersForUser>[2]) =>
      (await listLettersForUser(db, owner.id, filter, () => false)).map((letter) => letter.title);

    expect(await list({ q: 'écoute', sort: 'updated' })).toEqual(['ÉCOUTE Médicale']);
    expect(await list({ q: 'MESA', sort: 'updated' })).toEqual(['ÉCOUTE Médicale']);
    expect(await list({ q: '0%', sort: 'updated' })).toEqual(['100% urgent']);
    expect(await list({ q: '_', sort: 'updated' })).toEqual([]);
    const byDeadline = await list({ sort: 'deadline' });
    expect(byDeadline.slice(0, 2)).toEqual(['ÉCOUTE Médicale', 'Later deadline']);
    expect(new Set(byDeadline.slice(2))).toEqual(new Set([percent.title, none.title]));
    expect((await docStore.load(accented.id)).updates).toHaveLength(1);
  });

  it('orders reviews, versions and workshop pairs made at the same moment by insertion, as SQLite rowid does', async () => {
    const database = await open(await emptyDatabaseUrl());
    const { db } = database;
    const owner = await account(db, 'Owner');
    const people = await Promise.all(['A', 'B', 'C', 'D'].map((name) => account(db, name)));
    const letter = await createLetter({ db, docStore: createPgDocStore(database.pool as pg.Pool) }, { title: 'Letter', ownerId: owner.id, ip: null });

    const reviewIds: string[] = [];
    for (const person of people) reviewIds.push(await insertReview(db, { letterId: letter.id, requestedBy: owner.id, reviewerId: person.id, message: '' }));
    const versionIds: string[] = [];
    for (const name of ['one', 'two', 'three']) versionIds.push(await insertVersion(db, { letterId: letter.id, name, kind: 'manual', createdBy: owner.id, state: new Uint8Array([0, 0]) }));
    // The same millisecond for all of them: only insertion order can tell them apart.
    const moment = '2030-01-01T00:00:00.000Z';
    await db.updateTable('review_requests').set({ created_at: moment }).execute();
    await db.updateTable('letter_versions').set({ created_at: moment }).execute();
    expect((await listReviews(db, letter.id)).map((review) => review.id)).toEqual([...reviewIds].reverse());
    expect((await listVersions(db, letter.id)).map((version) => version.id)).toEqual([...versionIds].reverse());

    const workshopId = await insertWorkshop(db, { title: 'Clinic', date: '2030-01-01', createdBy: owner.id, agenda: [{ title: 'Welcome', minutes: 10, guidance: '', focusSections: [] }] });
    const [a, b, c, d] = people.map((person) => person.id) as [string, string, string, string];
    // Not in key order, so an order by key would differ.
    const pairs = [
      { a: d, b: c },
      { a: b, b: a },
    ];
    await savePairs(db, workshopId, pairs);
    expect((await buildState(db, workshopId)).pairs).toEqual(pairs);
  });

  it('runs relational transactions one at a time across instances, as SQLite does', async () => {
    const url = await emptyDatabaseUrl();
    const [one, two] = await Promise.all([open(url), open(url)]);
    // Every first signup reads "no accounts yet"; run one at a time, exactly one becomes administrator.
    const accounts = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        createAccount((index % 2 === 0 ? one : two).db, { email: `first${index}@example.org`, name: `First ${index}`, profession: 'lawyer', passwordHash: 'x' }, null, null),
      ),
    );
    expect(accounts.filter((created) => created.isAdmin)).toHaveLength(1);

    // A transaction on the other instance waits for an open one to finish.
    const open1 = await one.db.startTransaction().execute();
    await recordAudit(open1, { action: 'letter.renamed' });
    const second = two.db.transaction().execute((trx) => recordAudit(trx, { action: 'letter.deleted' }));
    const name = new URL(url).pathname.slice(1);
    for (;;) {
      const { rows } = await onCluster((client) =>
        client.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query LIKE 'SELECT pg_advisory_xact_lock(%'`, [name]),
      );
      if (rows.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(await two.db.selectFrom('audit_log').select('action').where('action', 'in', ['letter.renamed', 'letter.deleted']).execute()).toEqual([]);
    await open1.commit().execute();
    await second;
    expect(await two.db.selectFrom('audit_log').select('action').where('action', 'in', ['letter.renamed', 'letter.deleted']).orderBy('id').execute()).toEqual([
      { action: 'letter.renamed' },
      { action: 'letter.deleted' },
    ]);
  });
});
