/**
 * Letterhead and signature settings: their shapes, limits and zod schemas. Types only for the
 * client (STYLE rule 1); move this file to shared/ when the settings page validates locally.
 */
import { z } from 'zod';

/** Limits on settings fields, reused by the schemas and the UI. */
export const SettingsLimits = {
  maxOrganizationName: 200,
  maxAddressLines: 4,
  maxAddressLine: 200,
  maxPhone: 50,
  maxEmail: 254,
  maxWebsite: 200,
  maxCredentials: 100,
  maxLicenseNumber: 50,
  maxLicenseState: 50,
  maxContact: 200,
} as const;

const text = (field: string, max: number) =>
  z
    .string({ message: `${field} must be text` })
    .trim()
    // Newlines would break the one-line fields of a printed letterhead or signature.
    .refine((value) => !/[\r\n]/.test(value), { message: `${field} must be a single line` })
    .refine((value) => value.length <= max, { message: `${field} must be at most ${max} characters` })
    .default('');

/** The organization's letterhead, printed at the top of every export; '' = not set. */
export const LetterheadSchema = z.strictObject({
  organizationName: text('organizationName', SettingsLimits.maxOrganizationName),
  addressLines: z
    .array(text('addressLines', SettingsLimits.maxAddressLine), { message: 'addressLines must be a list of lines' })
    .max(SettingsLimits.maxAddressLines, { message: `at most ${SettingsLimits.maxAddressLines} address lines` })
    .transform((lines) => lines.filter((line) => line !== ''))
    .default([]),
  phone: text('phone', SettingsLimits.maxPhone),
  email: text('email', SettingsLimits.maxEmail).refine((value) => value === '' || z.email().safeParse(value).success, {
    message: 'email must be a valid email address',
  }),
  website: text('website', SettingsLimits.maxWebsite),
});

/** The organization's letterhead. */
export type Letterhead = z.infer<typeof LetterheadSchema>;

/** A letterhead with nothing set. */
export const EMPTY_LETTERHEAD: Letterhead = { organizationName: '', addressLines: [], phone: '', email: '', website: '' };

/** A writer's signature block fields (their name comes from the account); '' = not set. */
export const SignatureSchema = z.strictObject({
  /** e.g. "MD, MPH". */
  credentials: text('credentials', SettingsLimits.maxCredentials),
  licenseNumber: text('licenseNumber', SettingsLimits.maxLicenseNumber),
  /** e.g. "California" or "CA". */
  licenseState: text('licenseState', SettingsLimits.maxLicenseState),
  /** One line: phone and/or email where the recipient can reach the writer. */
  contact: text('contact', SettingsLimits.maxContact),
});

/** A writer's signature fields. */
export type Signature = z.infer<typeof SignatureSchema>;

/** A signature with nothing set. */
export const EMPTY_SIGNATURE: Signature = { credentials: '', licenseNumber: '', licenseState: '', contact: '' };
