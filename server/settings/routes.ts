/**
 * `/api/settings/letterhead` (everyone signed in reads it, administrators change it) and
 * `/api/me/signature` (each account reads and changes only its own).
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import { requireAuth } from '../auth/middleware';
import type { Database } from '../db/schema';
import type { AppEnv } from '../http/context';
import { ApiException } from '../http/errors';
import { validate } from '../http/validate';
import { LetterheadSchema, SignatureSchema } from './schemas';
import { getLetterhead, getSignature, saveLetterhead, saveSignature } from './store';

/** 401 without a session, 403 for anyone but an administrator; before validation, so strangers learn nothing of the shape. */
const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!requireAuth(c).user.isAdmin) throw new ApiException(403, 'forbidden', 'Only an administrator changes the letterhead.');
  await next();
});

/** 401 without a session, before the body is validated. */
const requireSignedIn = createMiddleware<AppEnv>(async (c, next) => {
  requireAuth(c);
  await next();
});

/** What the settings routes need. */
export interface SettingsRouteDeps {
  db: Kysely<Database>;
}

/** Builds the settings sub-app, mounted at /api/settings. */
export function createSettingsRoutes({ db }: SettingsRouteDeps) {
  return new Hono<AppEnv>()
    .get('/letterhead', async (c) => {
      requireAuth(c);
      return c.json({ letterhead: await getLetterhead(db) });
    })
    .put('/letterhead', requireAdmin, validate('json', LetterheadSchema), async (c) => {
      const { user } = requireAuth(c);
      const letterhead = c.req.valid('json');
      await saveLetterhead(db, letterhead, user.id);
      return c.json({ letterhead });
    });
}

/** Builds the signature sub-app, mounted at /api/me/signature. */
export function createSignatureRoutes({ db }: SettingsRouteDeps) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const { user } = requireAuth(c);
      return c.json({ signature: await getSignature(db, user.id) });
    })
    .put('/', requireSignedIn, validate('json', SignatureSchema), async (c) => {
      const { user } = requireAuth(c);
      const signature = c.req.valid('json');
      await saveSignature(db, user.id, signature);
      return c.json({ signature });
    });
}
