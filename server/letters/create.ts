/**
 * Creating a letter: its row, its owner, its checklist and audit entry in one transaction, then
 * its body from the template. Used by `POST /api/letters` and by a workshop participant's new letter.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import { checklistForTemplate } from '../../shared/checklist';
import type { Letter } from '../../shared/letters';
import type { TEMPLATE_IDS } from '../../shared/templates';
import { DEFAULT_TEMPLATE_ID, TEMPLATES } from '../../shared/templates';
import { recordAudit } from '../audit/store';
import { seedChecklist } from '../checklist/store';
import type { DocStore } from '../collab/docStore';
import type { Database } from '../db/schema';
import type { Limiters } from '../auth/rateLimit';
import type { AppEnv } from '../http/context';
import { takeFromLimits } from '../http/throttle';
import { createInitialBody } from './body';
import { deleteLetter, insertLetter } from './store';

/** Counts one letter created by `ownerId` against RequestLimits.lettersPerAccount, or throws its 429. */
export function takeLetterQuota(c: Context<AppEnv>, limiters: Limiters, ownerId: string): Promise<void> {
  return takeFromLimits(c, [[limiters.lettersPerAccount, ownerId]], 'You have created many letters in the last hour.');
}

/** What a new letter is made from. */
export interface NewLetter {
  title: string;
  template?: (typeof TEMPLATE_IDS)[number];
  ownerId: string;
  ip: string | null;
}

/**
 * Creates a letter owned by `ownerId`, seeded from its template. `within` runs inside the creating
 * transaction (a workshop records the attachment there, so both land or neither).
 */
export async function createLetter(
  deps: { db: Kysely<Database>; docStore: DocStore },
  input: NewLetter,
  within?: (trx: Kysely<Database>, letter: Letter) => Promise<void>,
): Promise<Letter> {
  const { db, docStore } = deps;
  const template = TEMPLATES[input.template ?? DEFAULT_TEMPLATE_ID];
  const id = randomUUID();
  const letter = await db.transaction().execute(async (trx) => {
    const created = await insertLetter(trx, { id, title: input.title, template: template.id, ownerId: input.ownerId });
    await seedChecklist(trx, id, checklistForTemplate(template.sections.map((section) => section.key)));
    await recordAudit(trx, { action: 'letter.created', actorId: input.ownerId, letterId: id, ip: input.ip });
    if (within) await within(trx, created);
    return created;
  });
  try {
    await docStore.append([{ room: letter.id, update: createInitialBody(template) }]);
  } catch (error) {
    await db.transaction().execute((trx) => deleteLetter(trx, docStore, letter.id));
    throw error;
  }
  return letter;
}
