/** Gathers what a printable letter is made from: the stored body, case details, letterhead and signer. */
import type { Kysely } from 'kysely';
import type { User } from '../../shared/auth';
import { getCaseDetails } from '../case/store';
import type { DocStore } from '../collab/docStore';
import { replayStored } from '../collab/replay';
import type { Database } from '../db/schema';
import { getLetterhead, getSignature } from '../settings/store';
import type { PmNode } from './body';
import { bodyJsonOf } from './body';
import type { LetterSources, Signer } from './letter';

/** The body of a letter as ProseMirror JSON, rebuilt from its stored snapshot and updates. */
export async function loadBody(docStore: DocStore, letterId: string): Promise<PmNode> {
  const doc = replayStored(await docStore.load(letterId));
  try {
    return bodyJsonOf(doc);
  } finally {
    doc.destroy();
  }
}

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

/** Loads every source of `letterId`'s printable letter, as exported by `exporter` at `now`. */
export async function loadLetterSources(
  deps: { db: Kysely<Database>; docStore: DocStore },
  letterId: string,
  exporter: User,
  now: Date,
): Promise<LetterSources> {
  const { db, docStore } = deps;
  const letter = await db.selectFrom('letters').select('title').where('id', '=', letterId).executeTakeFirstOrThrow();
  const [body, details, letterhead, signer] = await Promise.all([
    loadBody(docStore, letterId),
    getCaseDetails(db, letterId),
    getLetterhead(db),
    chooseSigner(db, letterId, exporter),
  ]);
  return { title: letter.title, body, details, letterhead, signer, now };
}
