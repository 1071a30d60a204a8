/** `/api/letters`: create, list and read letters (CONTRACT.md). Until accounts land, anyone may. */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { LetterCreateSchema, LetterIdSchema } from '../../shared/letters';
import { DEFAULT_TEMPLATE_ID, TEMPLATES } from '../../shared/templates';
import type { DocStore } from '../collab/docStore';
import type { Database } from '../db/schema';
import { notFound } from '../http/errors';
import { validate } from '../http/validate';
import { createInitialBody } from './body';
import { deleteLetter, findLetter, insertLetter, listLetters } from './store';

/** What the letters routes need. */
export interface LetterRouteDeps {
  db: Kysely<Database>;
  docStore: DocStore;
}

const LetterParamsSchema = z.object({ id: z.string() });

/** Builds the letters sub-app, mounted at /api/letters. */
export function createLetterRoutes({ db, docStore }: LetterRouteDeps) {
  return new Hono()
    .post('/', validate('json', LetterCreateSchema), async (c) => {
      const { title, template: templateId = DEFAULT_TEMPLATE_ID } = c.req.valid('json');
      const template = TEMPLATES[templateId];
      const letter = await insertLetter(db, { id: randomUUID(), title, template: template.id });
      try {
        await docStore.append([{ room: letter.id, update: createInitialBody(template) }]);
      } catch (error) {
        await deleteLetter(db, letter.id);
        throw error;
      }
      return c.json({ letter }, 201);
    })
    .get('/', async (c) => c.json({ letters: await listLetters(db) }))
    .get('/:id', validate('param', LetterParamsSchema), async (c) => {
      const id = LetterIdSchema.safeParse(c.req.valid('param').id);
      const letter = id.success ? await findLetter(db, id.data) : null;
      if (!letter) throw notFound('No such letter.');
      return c.json({ letter });
    });
}
