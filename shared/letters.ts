/** The letter DTOs and the zod schemas that validate them at every edge. */
import { z } from 'zod';
import type { Profession } from './auth';
import { LetterLimits } from './limits';
import type { LetterRole } from './roles';
import { SendFingerprintSchema, type SendRecordCheck } from './sendCheck';
import { TEMPLATE_IDS } from './templates';

/** Where a letter is in its review workflow. New letters are drafts; only owners move them. */
export const LETTER_STATUSES = ['draft', 'in_review', 'changes_requested', 'approved', 'sent'] as const;

/** One of LETTER_STATUSES. */
export type LetterStatus = (typeof LETTER_STATUSES)[number];

/**
 * Where an owner may move a letter from each status. Sent freezes the letter until an owner
 * reopens it (back to draft).
 */
export const STATUS_TRANSITIONS: Record<LetterStatus, readonly LetterStatus[]> = {
  draft: ['in_review'],
  in_review: ['changes_requested', 'approved', 'draft'],
  changes_requested: ['in_review', 'draft'],
  approved: ['sent', 'in_review', 'draft'],
  sent: ['draft'],
};

/** Plain-language names for the UI. */
export const STATUS_LABEL: Record<LetterStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  sent: 'Sent',
};

/** A letter id: a UUID, which is also its sync room name. */
export const LetterIdSchema = z.uuid({ message: 'letter id must be a UUID' });

/** `POST /api/letters` body. */
export const LetterCreateSchema = z.strictObject({
  title: z
    .string({ message: 'title is required' })
    .trim()
    .min(1, { message: 'title must not be empty' })
    .max(LetterLimits.maxTitleLength, {
      message: `title must be at most ${LetterLimits.maxTitleLength} characters`,
    }),
  template: z.enum(TEMPLATE_IDS).optional(),
});

/** A validated `POST /api/letters` body. */
export type LetterCreate = z.infer<typeof LetterCreateSchema>;

/**
 * `PATCH /api/letters/:id` body: title (owner, editor) and status (owner). Marking sent may carry
 * `acknowledged`, the fingerprint of the send check the sender was shown (shared/sendCheck.ts).
 */
export const LetterUpdateSchema = z
  .strictObject({
    title: LetterCreateSchema.shape.title.optional(),
    status: z.enum(LETTER_STATUSES).optional(),
    acknowledged: SendFingerprintSchema.optional(),
  })
  .refine((value) => value.title !== undefined || value.status !== undefined, { message: 'nothing to change' })
  .refine((value) => value.acknowledged === undefined || value.status === 'sent', { message: 'acknowledged goes only with status "sent"' });

/** A letter as the API returns it, with the caller's role on it. */
export interface Letter {
  id: string;
  title: string;
  template: string;
  status: LetterStatus;
  /** True while sent: nobody edits it until an owner reopens it. */
  frozen: boolean;
  role: LetterRole;
  /**
   * The caller's access was granted by a workshop (peer review, shared with the facilitator): case
   * details are masked for them and the letter cannot be exported.
   */
  deidentified: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Someone on a letter, as the dashboard shows them. */
export interface LetterPerson {
  userId: string;
  name: string;
  profession: Profession;
  role: LetterRole;
  /** Connected to the letter right now. */
  online: boolean;
}

/** A letter in `GET /api/letters`: the letter plus who is on it and who is online. */
export interface LetterSummary extends Letter {
  people: LetterPerson[];
  /** The case's deadline (YYYY-MM-DD), or '' when none is set. */
  deadline: string;
}

/** `GET /api/letters` query: filter by status, search titles and facilities, sort. */
export const LetterListQuerySchema = z.object({
  status: z.enum(LETTER_STATUSES).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(['updated', 'deadline']).default('updated'),
});

/** One time a letter was marked sent: when, by whom, to whom. The sent content is kept on the server. */
export interface LetterSend {
  id: string;
  sentAt: string;
  sentBy: { userId: string; name: string };
  recipient: string;
  /** What was outstanding when it was sent, and whether the sender confirmed it; null for sends recorded before the check existed. */
  outstanding: SendRecordCheck | null;
}

/** The error body of every failed API request. */
export interface ApiError {
  error: { code: string; message: string };
}
