/**
 * The facilitator's board (`GET /api/workshops/:id/board`): each participant's progress as figures
 * only (checklist done/total, sections started, word count, online, hand, section), computed on the
 * server from the stored letter so that no letter text ever leaves it through this route.
 */
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type { Kysely } from 'kysely';
import * as Y from 'yjs';
import { toProfession } from '../auth/users';
import type { BoardParticipant } from '../../shared/workshops';
import { BODY_FRAGMENT } from '../../shared/protocol';
import type { LetterTemplate } from '../../shared/templates';
import { DEFAULT_TEMPLATE_ID, TEMPLATES } from '../../shared/templates';
import type { DocStore } from '../collab/docStore';
import type { RoomManager } from '../collab/rooms';
import { storedDocumentState } from '../collab/storedState';
import type { Database } from '../db/schema';
import { deidentifiedTitle } from './deidentify';

/** A ProseMirror node as JSON: only what the figures read. */
interface DocJson {
  type: string;
  text?: string;
  content?: DocJson[];
}

/** Progress figures of one letter body. */
export interface BodyFigures {
  sectionsStarted: number;
  sectionsTotal: number;
  /** Words the writers wrote: everything but the template's headings; a case field counts as one. */
  wordCount: number;
}

function normalizeHeading(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The plain text of a node, blocks separated by newlines; a case field counts as one word. */
function nodeText(node: DocJson): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'caseField') return ' {field} ';
  if (node.type === 'hardBreak') return '\n';
  return (node.content ?? []).map(nodeText).join(node.content?.every((child) => child.type === 'text') ? '' : '\n');
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}{]/u.test(word)).length;
}

function hasContent(node: DocJson): boolean {
  return node.type === 'caseField' || nodeText(node).trim() !== '' || (node.content ?? []).some(hasContent);
}

/**
 * Splits the body at the template's headings the way the editor's outline does
 * (client/src/checklist/suggestions.ts `splitSections`): a section runs from its heading to the
 * next heading naming another section; it is started once anything is written under it.
 */
export function bodyFigures(body: DocJson, template: LetterTemplate): BodyFigures {
  const byHeading = new Map(template.sections.map((section) => [normalizeHeading(section.heading), section.key]));
  const started = new Set<string>();
  const seen = new Set<string>();
  let current: string | null = null;
  let wordCount = 0;
  for (const node of body.content ?? []) {
    const key = node.type === 'heading' ? byHeading.get(normalizeHeading(nodeText(node))) : undefined;
    if (key !== undefined && !seen.has(key)) {
      seen.add(key);
      current = key;
      continue;
    }
    wordCount += countWords(nodeText(node));
    if (current !== null && hasContent(node)) started.add(current);
  }
  return { sectionsStarted: started.size, sectionsTotal: template.sections.length, wordCount };
}

/** The figures of a letter's body: the loaded room's document, or else the stored one. */
export async function letterFigures(deps: { docStore: DocStore; rooms: RoomManager }, letterId: string, templateId: string): Promise<BodyFigures> {
  const template: LetterTemplate = templateId in TEMPLATES ? TEMPLATES[templateId as keyof typeof TEMPLATES] : TEMPLATES[DEFAULT_TEMPLATE_ID]; // `in` checked the key
  const figuresOf = (doc: Y.Doc) =>
    // y-tiptap returns ProseMirror JSON, which DocJson describes (a subset of its fields).
    bodyFigures(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(BODY_FRAGMENT)) as DocJson, template);
  // An open letter is read in memory; the board polls, and reloading the store each time is waste.
  const loaded = deps.rooms.loadedDoc(letterId);
  if (loaded) return figuresOf(loaded);
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, await storedDocumentState(deps.docStore, deps.rooms, letterId));
    return figuresOf(doc);
  } finally {
    doc.destroy();
  }
}

/** What the board reads besides the tables. */
export interface BoardDeps {
  db: Kysely<Database>;
  docStore: DocStore;
  rooms: RoomManager;
  /** Whether `userId` has a sync connection open to `letterId`, or follows the workshop's stream. */
  isOnline(userId: string, letterId: string | null): boolean;
}

/** Every participant of `workshopId` with their progress, in the order they joined. */
export async function buildBoard(deps: BoardDeps, workshopId: string): Promise<BoardParticipant[]> {
  const { db } = deps;
  const [members, pairs] = await Promise.all([
    db
      .selectFrom('workshop_members')
      .innerJoin('users', 'users.id', 'workshop_members.user_id')
      .leftJoin('letters', 'letters.id', 'workshop_members.letter_id')
      .select(['workshop_members.user_id', 'users.name', 'users.profession', 'workshop_members.letter_id', 'workshop_members.current_section'])
      .select(['workshop_members.hand_raised_at', 'workshop_members.shares_text', 'letters.template'])
      .where('workshop_members.workshop_id', '=', workshopId)
      .where('workshop_members.role', '=', 'participant')
      .orderBy('workshop_members.joined_at')
      .orderBy('workshop_members.user_id')
      .execute(),
    db.selectFrom('workshop_pairs').select(['user_a', 'user_b']).where('workshop_id', '=', workshopId).execute(),
  ]);
  const letterIds = members.flatMap((member) => (member.letter_id === null ? [] : [member.letter_id]));
  const checklist =
    letterIds.length === 0
      ? []
      : await db
          .selectFrom('checklist_items')
          .select(['letter_id', (eb) => eb.fn.countAll<number>().as('total'), (eb) => eb.fn.count<number>('ticked_by').as('done')])
          .where('letter_id', 'in', letterIds)
          .groupBy('letter_id')
          .execute();
  const counts = new Map(checklist.map((row) => [row.letter_id, { done: Number(row.done), total: Number(row.total) }]));
  const partnerOf = (userId: string) => {
    const pair = pairs.find((candidate) => candidate.user_a === userId || candidate.user_b === userId);
    return pair ? (pair.user_a === userId ? pair.user_b : pair.user_a) : null;
  };
  const participants: BoardParticipant[] = [];
  for (const member of members) {
    const figures =
      member.letter_id === null ? { sectionsStarted: 0, sectionsTotal: 0, wordCount: 0 } : await letterFigures(deps, member.letter_id, member.template ?? DEFAULT_TEMPLATE_ID);
    const checklistCounts = (member.letter_id === null ? undefined : counts.get(member.letter_id)) ?? { done: 0, total: 0 };
    participants.push({
      userId: member.user_id,
      name: member.name,
      profession: toProfession(member.profession),
      online: deps.isOnline(member.user_id, member.letter_id),
      letterId: member.letter_id,
      // Never the letter's own title: the facilitator is not on the letter, and titles carry names.
      letterTitle: member.letter_id === null ? null : deidentifiedTitle(),
      currentSection: member.current_section,
      checklistDone: checklistCounts.done,
      checklistTotal: checklistCounts.total,
      ...figures,
      handRaisedAt: member.hand_raised_at,
      sharesText: member.shares_text !== 0,
      partnerId: partnerOf(member.user_id),
    });
  }
  return participants;
}
