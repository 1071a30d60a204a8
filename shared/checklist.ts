/**
 * The workshop-strategy checklist, as letter-writing workshops teach it: each item belongs to a section
 * of the letter. A letter keeps its own copy, so later changes here never rewrite it.
 */
import { z } from 'zod';

/** Content checks that can suggest an item needs attention (a hint, never a tick). */
export const SUGGESTION_KINDS = ['caseFields', 'licenseNumber', 'datesInCare', 'length'] as const;

/** One of SUGGESTION_KINDS. */
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

/** Item groups that are not template sections: they concern the whole letter. */
export const GENERAL_SECTIONS = { format: 'Format', review: 'Review', privacy: 'Privacy' } as const;

/** A checklist item as a template defines it. */
export interface ChecklistTemplateItem {
  /** A template section key (`summary`) or a general group (`format`). */
  sectionKey: string;
  text: string;
  /** Who usually ticks it: a hint, not a permission. */
  usually: 'physician' | 'lawyer' | 'organizer';
  suggestion?: SuggestionKind;
}

/** The default 18 items, in order. */
export const DEFAULT_CHECKLIST: readonly ChecklistTemplateItem[] = [
  { sectionKey: 'header', text: 'Identifiers (name, DOB, A-number, facility) match ICE paperwork; recipient confirmed by the lawyer', usually: 'lawyer', suggestion: 'caseFields' },
  { sectionKey: 'summary', text: 'The ask is in the first paragraph and matches the legal route the lawyer chose', usually: 'physician' },
  { sectionKey: 'qualifications', text: 'License, specialty and experience stated; CV attached', usually: 'physician', suggestion: 'licenseNumber' },
  { sectionKey: 'qualifications', text: 'Relationship to the patient (treating or independent) and pro bono status disclosed', usually: 'physician' },
  { sectionKey: 'basis', text: 'Every record listed with source and dates', usually: 'physician' },
  { sectionKey: 'basis', text: 'Exam or interview date, mode, interpreter and consent recorded', usually: 'physician' },
  { sectionKey: 'limitations', text: 'Gaps stated and the opinion limited to match', usually: 'physician' },
  { sectionKey: 'history', text: "Cross-checked against the client's declaration; no conflicting details", usually: 'lawyer' },
  { sectionKey: 'findings', text: 'Jargon and abbreviations explained', usually: 'physician' },
  { sectionKey: 'care', text: 'Each gap in care cites a dated record or is labelled "reported"', usually: 'physician', suggestion: 'datesInCare' },
  { sectionKey: 'standard', text: 'A named clinical guideline, and whether care met it', usually: 'physician' },
  { sectionKey: 'standard', text: 'The applicable ICE standard identified and confirmed by the lawyer', usually: 'lawyer' },
  { sectionKey: 'risks', text: 'Likelihood calibrated: no hedging, no overstatement', usually: 'physician' },
  { sectionKey: 'recommendations', text: 'Specific, with timeframes, and why detention cannot provide them', usually: 'physician' },
  { sectionKey: 'release', text: 'Community follow-up identified', usually: 'organizer' },
  { sectionKey: 'format', text: '1-4 pages, headings, letterhead, clinical tone', usually: 'organizer', suggestion: 'length' },
  { sectionKey: 'review', text: 'Lawyer reviewed; changes to the opinion made or accepted by the physician', usually: 'lawyer' },
  { sectionKey: 'privacy', text: 'Signed authorization (release of information) on file, consent confirmed, sent securely', usually: 'organizer' },
];

/** The default items that fit a template: those of its sections, plus the whole-letter groups. */
export function checklistForTemplate(sectionKeys: readonly string[]): ChecklistTemplateItem[] {
  return DEFAULT_CHECKLIST.filter((item) => sectionKeys.includes(item.sectionKey) || item.sectionKey in GENERAL_SECTIONS);
}

/** A letter's checklist item as the API returns it. */
export interface ChecklistItem {
  id: string;
  sectionKey: string;
  text: string;
  position: number;
  suggestion: SuggestionKind | null;
  tickedBy: { userId: string; name: string } | null;
  tickedAt: string | null;
}

const ItemText = z.string().trim().min(1, { message: 'an item needs text' }).max(500, { message: 'at most 500 characters' });
const SectionKey = z.string().trim().min(1).max(60);

/** `POST /api/letters/:id/checklist` body (owners). */
export const ChecklistItemCreateSchema = z.strictObject({ sectionKey: SectionKey, text: ItemText });

/** `PATCH /api/letters/:id/checklist/:itemId` body: reword or move (owners), tick or untick (commenters up). */
export const ChecklistItemUpdateSchema = z
  .strictObject({ text: ItemText.optional(), sectionKey: SectionKey.optional(), position: z.number().int().min(0).max(10_000).optional(), ticked: z.boolean().optional() })
  .refine((value) => Object.keys(value).length > 0, { message: 'nothing to change' });
