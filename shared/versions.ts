/**
 * Version history: named states of a letter's document. Saved by hand, and automatically at each
 * status change, when a review finishes and when a version is restored. Stored as Yjs document
 * states; restoring is a forward edit that everyone sees live.
 */
import { z } from 'zod';

/** Why a version exists. */
export const VERSION_KINDS = ['manual', 'status', 'review', 'restore'] as const;

/** One of VERSION_KINDS. */
export type VersionKind = (typeof VERSION_KINDS)[number];

/** Limits on versions. */
export const VersionLimits = { maxNameLength: 120 } as const;

/** A version in the list. */
export interface VersionSummary {
  id: string;
  name: string;
  kind: VersionKind;
  /** Who saved it (or whose action made it); null if that account is gone. */
  createdBy: { userId: string; name: string } | null;
  createdAt: string;
}

/** One version with its content: base64 of `Y.encodeStateAsUpdate` of the letter's document. */
export interface VersionDetail extends VersionSummary {
  state: string;
}

/** `POST /api/letters/:id/versions` body. */
export const VersionCreateSchema = z.strictObject({
  name: z
    .string({ message: 'name is required' })
    .trim()
    .min(1, { message: 'give the version a name' })
    .max(VersionLimits.maxNameLength, { message: `the name must be at most ${VersionLimits.maxNameLength} characters` }),
});
