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
import { renderDocx } from './docx';
import { safeFileStem } from './format';
import { buildPrintableLetter } from './letter';
import { loadLetterSources } from './load';
import { renderPdf } from './pdf';

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
}

/** Builds the export sub-app, mounted at /api/letters. */
export function createExportRoutes({ db, docStore, rooms }: ExportRouteDeps) {
  return new Hono<AppEnv>().get('/:id/export', async (c) => {
    // Access first, then the query: a stranger learns nothing, not even which formats exist.
    const access = await requireLetterAccess(c, db, c.req.param('id'), 'read');
    // An export prints the case details; a workshop-granted member only ever sees them masked.
    if (await isWorkshopGrant(db, access.letterId, access.auth.user.id)) throw forbidden('Letters shared in a workshop cannot be exported.');
    const query = ExportQuerySchema.safeParse(c.req.query());
    if (!query.success) throw new ApiException(400, ErrorCode.badRequest, describeIssues(query.error.issues));
    const { format } = query.data;
    await rooms.flushPending();
    const sources = await loadLetterSources({ db, docStore }, access.letterId, access.auth.user, new Date());
    const letter = buildPrintableLetter(sources);
    const file = format === 'docx' ? await renderDocx(letter) : await renderPdf(letter);
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
