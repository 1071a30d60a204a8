/** SQL for settings: the installation's letterhead and each account's signature fields. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Letterhead, Signature } from './schemas';
import { EMPTY_LETTERHEAD, EMPTY_SIGNATURE, LetterheadSchema } from './schemas';

const LETTERHEAD_KEY = 'letterhead';

/** The organization's letterhead; every field empty until an administrator sets it. */
export async function getLetterhead(db: Kysely<Database>): Promise<Letterhead> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', LETTERHEAD_KEY).executeTakeFirst();
  if (!row) return { ...EMPTY_LETTERHEAD };
  // Written by saveLetterhead from validated input; parsed again so an older shape cannot leak through.
  const parsed = LetterheadSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : { ...EMPTY_LETTERHEAD };
}

/** Replaces the letterhead (validated by the caller). */
export async function saveLetterhead(db: Kysely<Database>, letterhead: Letterhead, updatedBy: string): Promise<void> {
  const row = { key: LETTERHEAD_KEY, value: JSON.stringify(letterhead), updated_at: new Date().toISOString(), updated_by: updatedBy };
  await db
    .insertInto('settings')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
}

/** An account's signature fields; every field empty until they set them. */
export async function getSignature(db: Kysely<Database>, userId: string): Promise<Signature> {
  const row = await db.selectFrom('user_signatures').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!row) return { ...EMPTY_SIGNATURE };
  return { credentials: row.credentials, licenseNumber: row.license_number, licenseState: row.license_state, contact: row.contact };
}

/** Replaces an account's signature fields (validated by the caller). */
export async function saveSignature(db: Kysely<Database>, userId: string, signature: Signature): Promise<void> {
  const columns = {
    credentials: signature.credentials,
    license_number: signature.licenseNumber,
    license_state: signature.licenseState,
    contact: signature.contact,
    updated_at: new Date().toISOString(),
  };
  await db
    .insertInto('user_signatures')
    .values({ user_id: userId, ...columns })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(columns))
    .execute();
}
