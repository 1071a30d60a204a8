/**
 * The spotlight: one participant's letter on the shared screen for group critique. Everyone in the
 * workshop reads it, de-identified on the server and read-only by construction (JSON over HTTP,
 * never a sync socket); its case details, members and comments never leave the server.
 */
import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import { LetterBodyLimits } from '../../shared/limits';
import { BODY_FRAGMENT } from '../../shared/protocol';
import type { SpotlightContent } from '../../shared/workshops';
import { getCaseDetails } from '../case/store';
import { nestingDepthOf } from '../collab/bodyLimits';
import type { DocStore } from '../collab/docStore';
import type { RoomManager } from '../collab/rooms';
import { storedDocumentState } from '../collab/storedState';
import type { Database } from '../db/schema';
import { ApiException } from '../http/errors';
import type { PmNode } from '../export/body';
import { bodyJsonOf } from '../export/body';
import { deidentifiedTitle, deidentifyBody } from './deidentify';
import { ownedParticipantLetters } from './grants';

/** What loading the spotlight needs. */
export interface SpotlightDeps {
  db: Kysely<Database>;
  docStore: DocStore;
  rooms: RoomManager;
}

/** The spotlighted letter with its owner (a participant who attached it), or null when there is none. */
export async function findSpotlight(db: Kysely<Database>, workshopId: string): Promise<{ letterId: string; title: string; ownerName: string } | null> {
  const row = await db
    .selectFrom('workshop_state')
    .innerJoin('workshops', 'workshops.id', 'workshop_state.workshop_id')
    .innerJoin('letters', 'letters.id', 'workshop_state.spotlight_letter_id')
    // Still a participant's letter in this workshop: one that was detached since is not shown.
    .innerJoin('workshop_members', (join) =>
      join
        .onRef('workshop_members.workshop_id', '=', 'workshop_state.workshop_id')
        .onRef('workshop_members.letter_id', '=', 'workshop_state.spotlight_letter_id')
        .on('workshop_members.role', '=', 'participant'),
    )
    // And still theirs: a letter its participant no longer owns is not shown either.
    .innerJoin('letter_members as owned', (join) =>
      join
        .onRef('owned.letter_id', '=', 'workshop_members.letter_id')
        .onRef('owned.user_id', '=', 'workshop_members.user_id')
        .on('owned.role', '=', 'owner')
        .on('owned.granted_by_workshop', 'is', null),
    )
    .innerJoin('users', 'users.id', 'workshop_members.user_id')
    .select(['letters.id', 'letters.title', 'users.name'])
    .where('workshop_state.workshop_id', '=', workshopId)
    .where('workshops.ended_at', 'is', null)
    .executeTakeFirst();
  return row ? { letterId: row.id, title: row.title, ownerName: row.name } : null;
}

/** Whether `letterId` is attached by a participant of the live workshop who still owns it (the only letters one may spotlight). */
export async function isParticipantLetter(db: Kysely<Database>, workshopId: string, letterId: string): Promise<boolean> {
  return (await ownedParticipantLetters(db, workshopId)).some((entry) => entry.letterId === letterId);
}

/** A letter's body as ProseMirror JSON, from everything stored (edits in flight committed first). */
async function loadStoredBody(deps: SpotlightDeps, letterId: string): Promise<PmNode> {
  const state = await storedDocumentState(deps.docStore, deps.rooms, letterId);
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    // A letter stored before the body limits existed may nest deeper than the editor or the
    // conversion can follow; it is refused with the export's message rather than crashing.
    if (nestingDepthOf(doc.getXmlFragment(BODY_FRAGMENT)) > LetterBodyLimits.maxNestingDepth) {
      throw new ApiException(422, 'letter_too_deep', `This letter nests elements more than ${LetterBodyLimits.maxNestingDepth} levels deep, so it cannot be shown here. Its owner can flatten the nested lists or quotes.`);
    }
    return bodyJsonOf(doc);
  } finally {
    doc.destroy();
  }
}

/** The spotlighted letter, de-identified (under a neutral title: titles often carry the person's name), or null. */
export async function loadSpotlightContent(deps: SpotlightDeps, workshopId: string): Promise<SpotlightContent | null> {
  const spotlight = await findSpotlight(deps.db, workshopId);
  if (!spotlight) return null;
  const [details, body] = await Promise.all([getCaseDetails(deps.db, spotlight.letterId), loadStoredBody(deps, spotlight.letterId)]);
  return {
    letterId: spotlight.letterId,
    title: deidentifiedTitle(),
    ownerName: spotlight.ownerName,
    body: deidentifyBody(body, details),
  };
}
