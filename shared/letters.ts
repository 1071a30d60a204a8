/** The letter DTOs and the zod schemas that validate them at every edge. */
import { z } from 'zod';
import { LetterLimits } from './limits';
import { TEMPLATE_IDS } from './templates';

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

/** A letter as the API returns it. */
export interface Letter {
  id: string;
  title: string;
  template: string;
  createdAt: string;
  updatedAt: string;
}

/** The error body of every failed API request. */
export interface ApiError {
  error: { code: string; message: string };
}
