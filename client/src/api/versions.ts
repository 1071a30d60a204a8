/** A letter's version history: listing, reading one version's content, saving and restoring. */
import { z } from 'zod';
import { VERSION_KINDS, type VersionDetail, type VersionSummary } from '../../../shared/versions';
import { pick, request } from './http';

const versionShape = {
  id: z.string(),
  name: z.string(),
  kind: z.enum(VERSION_KINDS),
  createdBy: z.object({ userId: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
};

/** A version in the list. */
export const VersionSummarySchema: z.ZodType<VersionSummary> = z.object(versionShape);

/** A version with its content (base64 of a Yjs update). */
export const VersionDetailSchema: z.ZodType<VersionDetail> = z.object({ ...versionShape, state: z.string() });

const versionsPath = (letterId: string) => `/api/letters/${encodeURIComponent(letterId)}/versions`;
const versionPath = (letterId: string, versionId: string) => `${versionsPath(letterId)}/${encodeURIComponent(versionId)}`;

/** `GET /api/letters/:id/versions`: newest first. */
export async function listVersions(letterId: string, signal?: AbortSignal): Promise<VersionSummary[]> {
  return pick(await request(versionsPath(letterId), { signal }), 'versions', z.array(VersionSummarySchema));
}

/** `GET /api/letters/:id/versions/:versionId`: one version with its document state. */
export async function getVersion(letterId: string, versionId: string, signal?: AbortSignal): Promise<VersionDetail> {
  return pick(await request(versionPath(letterId, versionId), { signal }), 'version', VersionDetailSchema);
}

/** `POST /api/letters/:id/versions` (owners, editors): names the letter's text as it is now. */
export async function saveVersion(letterId: string, name: string): Promise<VersionSummary> {
  return pick(await request(versionsPath(letterId), { method: 'POST', json: { name } }), 'version', VersionSummarySchema);
}

/** What a restore recorded: the text kept just before it, and the restored text. */
export interface RestoreResult {
  kept: VersionSummary;
  version: VersionSummary;
}

const RestoreResultSchema: z.ZodType<RestoreResult> = z.object({ kept: VersionSummarySchema, version: VersionSummarySchema });

/**
 * `POST /api/letters/:id/versions/:versionId/restore` (owners, editors; not while sent): the text
 * becomes that version's, as a live edit. The server keeps the text as it was first.
 */
export async function restoreVersion(letterId: string, versionId: string): Promise<RestoreResult> {
  return RestoreResultSchema.parse(await request(`${versionPath(letterId, versionId)}/restore`, { method: 'POST' }));
}
