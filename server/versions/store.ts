/** SQL for version history: named document states of a letter, newest first. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { LetterStatus } from '../../shared/letters';
import { STATUS_LABEL } from '../../shared/letters';
import type { ReviewOutcome } from '../../shared/reviews';
import type { VersionKind, VersionSummary } from '../../shared/versions';
import { VERSION_KINDS, VersionLimits } from '../../shared/versions';
import type { Database } from '../db/schema';

/** A version to record. `state` is `Y.encodeStateAsUpdate` form (storedDocumentState). */
export interface NewVersion {
  letterId: string;
  name: string;
  kind: VersionKind;
  createdBy: string | null;
  state: Uint8Array;
}

/** The name of the automatic version at a status change, e.g. "Draft → In review". */
export function statusVersionName(from: LetterStatus, to: LetterStatus): string {
  return `${STATUS_LABEL[from]} → ${STATUS_LABEL[to]}`;
}

/** The name of the automatic version when a review finishes, e.g. "Approved by Dana Lee". */
export function reviewVersionName(outcome: ReviewOutcome, reviewerName: string): string {
  return `${outcome === 'approve' ? 'Approved' : 'Changes requested'} by ${reviewerName}`;
}

/** The name of the version recorded after restoring another. */
export function restoreVersionName(restoredName: string): string {
  return clampName(`Restored "${restoredName}"`);
}

/** The name of the version that keeps the text as it was just before a restore. */
export function beforeRestoreVersionName(restoredName: string): string {
  return clampName(`Before restoring "${restoredName}"`);
}

/** Cuts a generated name (it may quote a long name) to the length a typed one may have. */
function clampName(name: string): string {
  return name.length <= VersionLimits.maxNameLength ? name : `${name.slice(0, VersionLimits.maxNameLength - 1)}…`;
}

/** Records a version (inside the caller's transaction); returns its id. */
export async function insertVersion(db: Kysely<Database>, version: NewVersion): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('letter_versions')
    .values({
      id,
      letter_id: version.letterId,
      name: clampName(version.name),
      kind: version.kind,
      created_by: version.createdBy,
      created_at: new Date().toISOString(),
      state: version.state,
    })
    .execute();
  return id;
}

function toKind(value: string): VersionKind {
  const kind = VERSION_KINDS.find((known) => known === value);
  if (!kind) throw new Error(`unknown version kind in the database: ${value}`);
  return kind;
}

function summaryQuery(db: Kysely<Database>, letterId: string) {
  return db
    .selectFrom('letter_versions')
    .leftJoin('users', 'users.id', 'letter_versions.created_by')
    .select(['letter_versions.id', 'letter_versions.name', 'letter_versions.kind', 'letter_versions.created_by', 'letter_versions.created_at', 'users.name as created_by_name'])
    .where('letter_versions.letter_id', '=', letterId);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): VersionSummary {
  return {
    id: row.id,
    name: row.name,
    kind: toKind(row.kind),
    createdBy: row.created_by !== null && row.created_by_name !== null ? { userId: row.created_by, name: row.created_by_name } : null,
    createdAt: row.created_at,
  };
}

/** A letter's versions, newest first (versions made in the same millisecond by insertion order). */
export async function listVersions(db: Kysely<Database>, letterId: string): Promise<VersionSummary[]> {
  const rows = await summaryQuery(db, letterId).orderBy('letter_versions.created_at', 'desc').orderBy(sql`letter_versions.rowid`, 'desc').execute();
  return rows.map(toSummary);
}

/** One version of a letter, or undefined (also for another letter's version). */
export async function findVersion(db: Kysely<Database>, letterId: string, versionId: string): Promise<VersionSummary | undefined> {
  const row = await summaryQuery(db, letterId).where('letter_versions.id', '=', versionId).executeTakeFirst();
  return row ? toSummary(row) : undefined;
}

/** One version of a letter with its stored document state, or undefined. */
export async function findVersionWithState(db: Kysely<Database>, letterId: string, versionId: string): Promise<(VersionSummary & { state: Uint8Array }) | undefined> {
  const row = await summaryQuery(db, letterId).select('letter_versions.state').where('letter_versions.id', '=', versionId).executeTakeFirst();
  return row ? { ...toSummary(row), state: new Uint8Array(row.state) } : undefined;
}
