/**
 * The case: who the letter is for and where it goes. Structured, access-controlled fields, never
 * letter text; the body shows them through placeholder nodes, which a de-identified view masks.
 */
import { z } from 'zod';

/** Legal routes the lawyer may choose. */
export const LEGAL_ROUTES = ['', 'parole', 'bond', 'stay_of_removal', 'medical_care_request', 'other'] as const;
/** What the letter asks for. */
export const REQUEST_TYPES = ['', 'release', 'medical_care', 'accommodation', 'other'] as const;

/** Plain-language names of the legal routes ('' = not chosen yet). */
export const LEGAL_ROUTE_LABEL: Record<(typeof LEGAL_ROUTES)[number], string> = {
  '': 'Not chosen yet',
  parole: 'Parole (release from ICE custody)',
  bond: 'Bond hearing',
  stay_of_removal: 'Stay of removal',
  medical_care_request: 'Request for medical care in detention',
  other: 'Other',
};

/** Plain-language names of the request types. */
export const REQUEST_TYPE_LABEL: Record<(typeof REQUEST_TYPES)[number], string> = {
  '': 'Not chosen yet',
  release: 'Release on medical grounds',
  medical_care: 'Medical care',
  accommodation: 'Disability accommodation',
  other: 'Other',
};

const text = (max: number) => z.string().trim().max(max, { message: `at most ${max} characters` });
const isoDate = z
  .string()
  .trim()
  .refine((value) => value === '' || isCalendarDate(value), { message: 'use a date as YYYY-MM-DD' });

/** A real YYYY-MM-DD date: Date would roll 02-30 over to March, so it must round-trip unchanged. */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Every case field and its validation; '' means not filled in. */
export const CaseDetailsSchema = z.strictObject({
  fullName: text(200),
  dateOfBirth: isoDate,
  aNumber: z
    .string()
    .trim()
    .transform((value) => value.replace(/[\s-]/g, '').replace(/^A/i, ''))
    .refine((value) => value === '' || /^\d{8,9}$/.test(value), { message: 'an A-number has 8 or 9 digits' }),
  facility: text(200),
  recipientName: text(200),
  recipientTitle: text(200),
  recipientOffice: text(300),
  deadline: isoDate,
  legalRoute: z.enum(LEGAL_ROUTES),
  requestType: z.enum(REQUEST_TYPES),
});

/** A letter's case details. */
export type CaseDetails = z.infer<typeof CaseDetailsSchema>;

/** `PATCH /api/letters/:id/case` body: any subset of the fields. */
export const CaseDetailsUpdateSchema = CaseDetailsSchema.partial().refine((value) => Object.keys(value).length > 0, {
  message: 'nothing to change',
});

/** A case field's key. */
export type CaseField = keyof CaseDetails;

/** The fields in display order, with the label an empty placeholder shows. */
export const CASE_FIELDS: readonly { key: CaseField; label: string }[] = [
  { key: 'fullName', label: 'Full name' },
  { key: 'dateOfBirth', label: 'Date of birth' },
  { key: 'aNumber', label: 'A-number' },
  { key: 'facility', label: 'Facility' },
  { key: 'recipientName', label: 'Recipient name' },
  { key: 'recipientTitle', label: 'Recipient title' },
  { key: 'recipientOffice', label: 'Recipient office' },
  { key: 'deadline', label: 'Deadline' },
  { key: 'legalRoute', label: 'Legal route' },
  { key: 'requestType', label: 'Request type' },
];

/** An empty case. */
export const EMPTY_CASE: CaseDetails = {
  fullName: '',
  dateOfBirth: '',
  aNumber: '',
  facility: '',
  recipientName: '',
  recipientTitle: '',
  recipientOffice: '',
  deadline: '',
  legalRoute: '',
  requestType: '',
};

/** The case fields that hold a YYYY-MM-DD date. */
export const DATE_FIELDS: ReadonlySet<CaseField> = new Set<CaseField>(['dateOfBirth', 'deadline']);

/** An A-number as every view shows it (editor, case panel, export): "A" and its digits as stored. */
export function formatANumber(stored: string): string {
  const digits = stored.trim().replace(/[\s-]/g, '').replace(/^A/i, '');
  return digits === '' ? '' : `A${digits}`;
}

/**
 * A stored YYYY-MM-DD date in words for `locale` ("March 14, 1980" in en-US, "14 mars 1980" in
 * fr-FR; the runtime's own locale when undefined), read as a calendar day so no time zone shifts
 * it. Anything else is returned unchanged.
 */
export function formatCaseDate(value: string, locale?: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) ? value : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/**
 * The text a placeholder shows: the value (routes and types by label, the A-number with its "A",
 * dates in words for `locale`), or the field's label when empty.
 */
export function caseFieldText(details: CaseDetails, field: CaseField, locale?: string): string {
  const value = details[field];
  if (value === '') return CASE_FIELDS.find((f) => f.key === field)?.label ?? field;
  if (field === 'legalRoute') return LEGAL_ROUTE_LABEL[details.legalRoute];
  if (field === 'requestType') return REQUEST_TYPE_LABEL[details.requestType];
  if (field === 'aNumber') return formatANumber(value);
  if (DATE_FIELDS.has(field)) return formatCaseDate(value, locale);
  return value;
}

/** What a de-identified view shows instead of a value. */
export const MASKED_TEXT = '▇▇▇▇';
