/** SQL for case details: one validated JSON document per letter. */
import type { Kysely } from 'kysely';
import type { CaseDetails } from '../../shared/caseDetails';
import { CaseDetailsSchema, EMPTY_CASE } from '../../shared/caseDetails';
import type { Database } from '../db/schema';

/** A letter's case details; every field '' until filled in. */
export async function getCaseDetails(db: Kysely<Database>, letterId: string): Promise<CaseDetails> {
  const row = await db.selectFrom('case_details').select('data').where('letter_id', '=', letterId).executeTakeFirst();
  if (!row) return { ...EMPTY_CASE };
  // Stored by saveCaseDetails from validated input; parsed again so an old row cannot smuggle fields.
  const parsed = CaseDetailsSchema.safeParse({ ...EMPTY_CASE, ...(JSON.parse(row.data) as object) });
  return parsed.success ? parsed.data : { ...EMPTY_CASE };
}

/** Stores a letter's (validated) case details. */
export async function saveCaseDetails(db: Kysely<Database>, letterId: string, details: CaseDetails): Promise<void> {
  const row = { letter_id: letterId, data: JSON.stringify(details), updated_at: new Date().toISOString() };
  await db
    .insertInto('case_details')
    .values(row)
    .onConflict((oc) => oc.column('letter_id').doUpdateSet({ data: row.data, updated_at: row.updated_at }))
    .execute();
}
