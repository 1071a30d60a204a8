/** Case details of a letter: structured, access-controlled fields, read by members, changed by owners and editors. */
import { z } from 'zod';
import { CaseDetailsSchema as SharedCaseDetailsSchema, LEGAL_ROUTES, REQUEST_TYPES, type CaseDetails } from '../../../shared/caseDetails';
import { pick, request } from './http';

const casePath = (letterId: string) => `/api/letters/${encodeURIComponent(letterId)}/case`;

/**
 * The case as the server returns it. Not the shared input schema: that one trims and rewrites the
 * A-number, and an answer is taken as stored.
 */
export const CaseDetailsResponseSchema: z.ZodType<CaseDetails> = z.object({
  fullName: z.string(),
  dateOfBirth: z.string(),
  aNumber: z.string(),
  facility: z.string(),
  recipientName: z.string(),
  recipientTitle: z.string(),
  recipientOffice: z.string(),
  deadline: z.string(),
  legalRoute: z.enum(LEGAL_ROUTES),
  requestType: z.enum(REQUEST_TYPES),
});

/** `GET /api/letters/:id/case` (audited as a view). */
export async function getCaseDetails(letterId: string, signal?: AbortSignal): Promise<CaseDetails> {
  return pick(await request(casePath(letterId), { signal }), 'case', CaseDetailsResponseSchema);
}

/** `PATCH /api/letters/:id/case` with the fields that changed (owners and editors). */
export async function updateCaseDetails(letterId: string, changes: Partial<CaseDetails>): Promise<CaseDetails> {
  return pick(await request(casePath(letterId), { method: 'PATCH', json: changes }), 'case', CaseDetailsResponseSchema);
}

/** The client-side check of one field, with the very rules the server applies; null when valid. */
export function validateCaseField(field: keyof CaseDetails, value: string): string | null {
  const result = SharedCaseDetailsSchema.shape[field].safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? 'not a valid value');
}
