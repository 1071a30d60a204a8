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

/**
 * A pending invite: sharing with an address always makes one, whether or not the address has an
 * account, and it takes effect only when someone signed in accepts it through its link. Only
 * owners see these.
 */
export interface Invite {
  id: string;
  email: string;
  role: LetterRole;
  createdAt: string;
  expiresAt: string;
  /** When the server mailed the link to the address (mail configured); null when the owner got the link to pass on. */
  emailedAt: string | null;
  /**
   * The link to pass on; only in the response that created the invite, and only when the server
   * did not mail it (only a hash is stored, and a mailed link belongs to the mailbox alone).
   */
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
