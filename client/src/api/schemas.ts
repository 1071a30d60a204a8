/**
 * What the client accepts from the API, checked at the edge with zod and typed by the shared DTOs
 * (each schema is declared as `z.ZodType<Dto>`, so a drift in shared/ fails to compile here).
 */
import { z } from 'zod';
import { AUDIT_ACTIONS, type AuditEntry } from '../../../shared/audit';
import { PROFESSIONS, type User } from '../../../shared/auth';
import { LETTER_STATUSES, type Letter, type LetterPerson, type LetterSend, type LetterSummary } from '../../../shared/letters';
import type { Invite, InvitePreview, Member } from '../../../shared/members';
import { LETTER_ROLES } from '../../../shared/roles';
import { SendRecordCheckSchema } from '../../../shared/sendCheck';

const profession = z.enum(PROFESSIONS);
const role = z.enum(LETTER_ROLES);

/** An account. */
export const UserSchema: z.ZodType<User> = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  profession,
  isAdmin: z.boolean(),
});

const letterShape = {
  id: z.string(),
  title: z.string(),
  template: z.string(),
  status: z.enum(LETTER_STATUSES),
  frozen: z.boolean(),
  role,
  deidentified: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

/** A letter with the caller's role. */
export const LetterSchema: z.ZodType<Letter> = z.object(letterShape);

const PersonSchema: z.ZodType<LetterPerson> = z.object({
  userId: z.string(),
  name: z.string(),
  profession,
  role,
  online: z.boolean(),
});

/** A dashboard row. */
export const LetterSummarySchema: z.ZodType<LetterSummary> = z.object({
  ...letterShape,
  people: z.array(PersonSchema),
  deadline: z.string(),
});

/** One time a letter was marked sent. */
export const LetterSendSchema: z.ZodType<LetterSend> = z.object({
  id: z.string(),
  sentAt: z.string(),
  sentBy: z.object({ userId: z.string(), name: z.string() }),
  recipient: z.string(),
  outstanding: SendRecordCheckSchema.nullable(),
});

/** A member of a letter. */
export const MemberSchema: z.ZodType<Member> = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  profession,
  role,
  addedAt: z.string(),
});

/** A pending invite (with its link only when just created). */
export const InviteSchema: z.ZodType<Invite> = z.object({
  id: z.string(),
  email: z.string(),
  role,
  createdAt: z.string(),
  expiresAt: z.string(),
  emailedAt: z.string().nullable(),
  link: z.string().optional(),
});

/** What an invite link shows. */
export const InvitePreviewSchema: z.ZodType<InvitePreview> = z.object({
  email: z.string(),
  role,
  letterTitle: z.string(),
  invitedBy: z.string(),
  expiresAt: z.string(),
});

/** One audit log entry. */
export const AuditEntrySchema: z.ZodType<AuditEntry> = z.object({
  id: z.number(),
  at: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  letterId: z.string().nullable(),
  targetUserId: z.string().nullable(),
  targetName: z.string().nullable(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  ip: z.string().nullable(),
});
