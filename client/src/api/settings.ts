/**
 * Settings: the organization's letterhead (everyone reads it, administrators change it) and my
 * signature block. The field types come from the server's settings schemas (types only).
 */
import { z } from 'zod';
import type { Letterhead, Signature } from '../../../server/settings/schemas';
import { pick, request } from './http';

export type { Letterhead, Signature };

/** The letterhead as the server returns it. */
export const LetterheadResponseSchema: z.ZodType<Letterhead> = z.object({
  organizationName: z.string(),
  addressLines: z.array(z.string()),
  phone: z.string(),
  email: z.string(),
  website: z.string(),
});

/** My signature fields as the server returns them. */
export const SignatureResponseSchema: z.ZodType<Signature> = z.object({
  credentials: z.string(),
  licenseNumber: z.string(),
  licenseState: z.string(),
  contact: z.string(),
});

/** `GET /api/settings/letterhead`. */
export async function getLetterhead(signal?: AbortSignal): Promise<Letterhead> {
  return pick(await request('/api/settings/letterhead', { signal }), 'letterhead', LetterheadResponseSchema);
}

/** `PUT /api/settings/letterhead` (administrators): replaces the whole letterhead. */
export async function saveLetterhead(letterhead: Letterhead): Promise<Letterhead> {
  return pick(await request('/api/settings/letterhead', { method: 'PUT', json: letterhead }), 'letterhead', LetterheadResponseSchema);
}

/** `GET /api/me/signature`. */
export async function getSignature(signal?: AbortSignal): Promise<Signature> {
  return pick(await request('/api/me/signature', { signal }), 'signature', SignatureResponseSchema);
}

/** `PUT /api/me/signature`: replaces my signature fields. */
export async function saveSignature(signature: Signature): Promise<Signature> {
  return pick(await request('/api/me/signature', { method: 'PUT', json: signature }), 'signature', SignatureResponseSchema);
}
