/** `GET /api/letters/:id/export?format=docx|pdf`: the letter on letterhead, for any member; audited. */
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/store';
import type { DocStore } from '../collab/docStore';
import type { RoomManager } from '../collab/rooms';
import type { Database } from '../db/schema';
import type { AppEnv } from '../http/context';
import { clientAddress } from '../http/context';
import { ApiException, ErrorCode } from '../http/errors';
import { describeIssues } from '../http/input';
import { forbidden, requireLetterAccess } from '../letters/access';
import { isWorkshopGrant } from '../letters/store';
import { LetterBodyLimits, ExportLimits } from '../../shared/limits';
import { safeFileStem } from './format';
import { loadStoredLetter, storedBytes } from './load';
import type { ExportPool } from './pool';
import { ExportRefused } from './pool';
import type { ExportOutcome } from './worker';

/** The formats an export can be. */
export const EXPORT_FORMATS = ['docx', 'pdf'] as const;

const ExportQuerySchema = z.object({ format: z.enum(EXPORT_FORMATS, { message: 'format must be docx or pdf' }) });

const CONTENT_TYPE = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;

/** Percent-encodes a `filename*` value: RFC 5987 allows fewer bare characters than encodeURIComponent leaves. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*!]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** What the export routes need. */
export interface ExportRouteDeps {
  db: Kysely<Database>;
  docStore: DocStore;
  /** Edits received but not yet committed are stored first, so the export has everything the writer saw. */
  rooms: Pick<RoomManager, 'flushPending'>;
  /** Where exports run (worker threads). */
  exports: ExportPool;
}

/** Error codes of exports that cannot be made. */
export const ExportErrorCode = {
  letterTooLarge: 'letter_too_large',
  letterTooDeep: 'letter_too_deep',
  busy: 'export_busy',
  timeout: 'export_timeout',
  tooMany: 'export_in_progress',
} as const;

function tooLarge(): ApiException {
  return new ApiException(
    413,
    ExportErrorCode.letterTooLarge,
    `This letter is larger than an export allows (about ${LetterBodyLimits.maxContentSize.toLocaleString('en-US')} characters). Shorten it, then export again.`,
  );
}

/** The file, or the error that says why there is none. */
function fileOf(outcome: ExportOutcome): Uint8Array {
  if (outcome.ok) return outcome.file;
  if (outcome.reason === 'tooLarge') throw tooLarge();
  throw new ApiException(
    422,
    ExportErrorCode.letterTooDeep,
    `This letter's text is nested ${outcome.depth} levels deep (lists within lists, say), more than the ${LetterBodyLimits.maxNestingDepth} an export allows. Flatten the deepest lists, then export again.`,
  );
}

/** Runs the export in the pool; a full queue or the time limit becomes a clear 503, running out of memory a 413. */
async function runInPool(pool: ExportPool, task: Parameters<ExportPool['run']>[0], setHeader: (name: string, value: string) => void): Promise<ExportOutcome> {
  try {
    return await pool.run(task);
  } catch (error) {
    if (!(error instanceof ExportRefused)) throw error;
    if (error.reason === 'outOfMemory') throw tooLarge();
    if (error.reason === 'busy') {
      setHeader('Retry-After', String(ExportLimits.retryAfterSeconds));
      throw new ApiException(503, ExportErrorCode.busy, `The server is busy with other exports. Try again in ${ExportLimits.retryAfterSeconds} seconds.`);
    }
    throw new ApiException(503, ExportErrorCode.timeout, 'The export took too long and was stopped. Try again later; if it keeps failing, the letter may be too long to export.');
  }
}

/** Builds the export sub-app, mounted at /api/letters. */
export function createExportRoutes({ db, docStore, rooms, exports }: ExportRouteDeps) {
  /** Exports each account has running or waiting on this server, so no one person fills the queue. */
  const inProgress = new Map<string, number>();
  return new Hono<AppEnv>().get('/:id/export', async (c) => {
    // Access first, then the query: a stranger learns nothing, not even which formats exist.
    const access = await requireLetterAccess(c, db, c.req.param('id'), 'read');
    // An export prints the case details; a workshop-granted member only ever sees them masked.
    if (await isWorkshopGrant(db, access.letterId, access.auth.user.id)) throw forbidden('Letters shared in a workshop cannot be exported.');
    const query = ExportQuerySchema.safeParse(c.req.query());
    if (!query.success) throw new ApiException(400, ErrorCode.badRequest, describeIssues(query.error.issues));
    const { format } = query.data;
    await rooms.flushPending();
    const { stored, sources } = await loadStoredLetter({ db, docStore }, access.letterId, access.auth.user);
    // Only a letter stored before the limits existed is this big: not worth a worker's memory.
    if (storedBytes(stored) > ExportLimits.maxStoredBytes) throw tooLarge();
    const userId = access.auth.user.id;
    const running = inProgress.get(userId) ?? 0;
    if (running >= ExportLimits.maxPerAccount) {
      c.header('Retry-After', String(ExportLimits.retryAfterSeconds));
      throw new ApiException(429, ExportErrorCode.tooMany, `You already have ${running} exports in progress. Wait for them to finish, then export again.`);
    }
    inProgress.set(userId, running + 1);
    const task = { format, stored, sources: { ...sources, now: Date.now() }, bounds: LetterBodyLimits };
    const outcome = await runInPool(exports, task, (name, value) => c.header(name, value)).finally(() => {
      const left = (inProgress.get(userId) ?? 1) - 1;
      if (left > 0) inProgress.set(userId, left);
      else inProgress.delete(userId);
    });
    const file = fileOf(outcome);
    await recordAudit(db, { action: 'letter.exported', actorId: access.auth.user.id, letterId: access.letterId, detail: { format }, ip: clientAddress(c) });
    const stem = safeFileStem(sources.title);
    // A copy into a plain ArrayBuffer-backed array: the type the response wants (a Buffer may sit on a shared pool).
    return c.body(new Uint8Array(file), 200, {
      'Content-Type': CONTENT_TYPE[format],
      // The ASCII name for every client, the exact title for those that read RFC 6266's filename*.
      'Content-Disposition': `attachment; filename="${stem}.${format}"; filename*=UTF-8''${rfc5987(`${sources.title}.${format}`)}`,
      // Health information about a person in custody: never kept in a shared or browser cache.
      'Cache-Control': 'no-store',
    });
  });
}
