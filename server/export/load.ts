/** Gathers what a printable letter is made from: the stored body, case details, letterhead and signer. */
import type { Kysely } from 'kysely';
import type { User } from '../../shared/auth';
import { getCaseDetails } from '../case/store';
import type { DocStore, StoredDoc } from '../collab/docStore';
import type { Database } from '../db/schema';
import { getLetterhead, getSignature } from '../settings/store';
import type { LetterSources, Signer } from './letter';

/**
 * Who signs an export. A medical letter is signed by a physician: the exporting member when they
 * are one; otherwise the physician who joined the letter first; otherwise the first owner (the
 * letter has no physician yet, and its owner answers for it).
 */
export async function chooseSigner(db: Kysely<Database>, letterId: string, exporter: User): Promise<Signer> {
  let signer: { id: string; name: string } = exporter;
  if (exporter.profession !== 'physician') {
    const members = await db
      .selectFrom('letter_members')
      .innerJoin('users', 'users.id', 'letter_members.user_id')
      .select(['users.id', 'users.name', 'users.profession', 'letter_members.role'])
      .where('letter_members.letter_id', '=', letterId)
      .orderBy('letter_members.added_at')
      .orderBy('users.id')
      .execute();
    signer = members.find((member) => member.profession === 'physician') ?? members.find((member) => member.role === 'owner') ?? exporter;
  }
  return { name: signer.name, signature: await getSignature(db, signer.id) };
}

/** What an export reads from the stores: the stored body (replayed by the worker) and the other sources. */
export interface StoredLetter {
  stored: StoredDoc;
  sources: Omit<LetterSources, 'body' | 'now'>;
}

/** The stored body's size in bytes (its snapshot and logged updates). */
export function storedBytes(stored: StoredDoc): number {
  return (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((total, update) => total + update.byteLength, 0);
}

/**
 * Loads every source of `letterId`'s printable letter, as exported by `exporter`. Only reads: the
 * body stays as stored, since replaying it takes time that grows with the letter.
 */
export async function loadStoredLetter(deps: { db: Kysely<Database>; docStore: DocStore }, letterId: string, exporter: User): Promise<StoredLetter> {
  const { db, docStore } = deps;
  const letter = await db.selectFrom('letters').select('title').where('id', '=', letterId).executeTakeFirstOrThrow();
  const [stored, details, letterhead, signer] = await Promise.all([
    docStore.load(letterId),
    getCaseDetails(db, letterId),
    getLetterhead(db),
    chooseSigner(db, letterId, exporter),
  ]);
  return { stored, sources: { title: letter.title, details, letterhead, signer } };
}
