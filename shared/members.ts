/** Letter members and invites: DTOs and schemas. */
import { z } from 'zod';
import { EmailSchema, type Profession } from './auth';
import { LETTER_ROLES, type LetterRole } from './roles';

/** A person on a letter. */
export interface Member {
  userId: string;
  email: string;
  name: string;
  profession: Profession;
  role: LetterRole;
  addedAt: string;
}

/** An invite to someone without an account yet. Only owners see these. */
export interface Invite {
  id: string;
  email: string;
  role: LetterRole;
  createdAt: string;
  expiresAt: string;
  /** The link to send; present only in the response that created it (only a hash is stored). */
  link?: string;
}

/** What an invite link shows before it is accepted. */
export interface InvitePreview {
  email: string;
  role: LetterRole;
  letterTitle: string;
  invitedBy: string;
  expiresAt: string;
}

/** `POST /api/letters/:id/members` body. */
export const MemberAddSchema = z.strictObject({
  email: EmailSchema,
  role: z.enum(LETTER_ROLES, { message: `role must be one of ${LETTER_ROLES.join(', ')}` }),
});

/** `PATCH /api/letters/:id/members/:userId` body. */
export const MemberRoleSchema = z.strictObject({
  role: z.enum(LETTER_ROLES, { message: `role must be one of ${LETTER_ROLES.join(', ')}` }),
});

/** How long an invite link stays valid. */
export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
