/** Accounts and sessions: DTOs, zod schemas and limits shared by the server and the client. */
import { z } from 'zod';

/** What a person does; shown beside their name on carets and in member lists. */
export const PROFESSIONS = ['organizer', 'physician', 'lawyer', 'other'] as const;

/** One of PROFESSIONS. */
export type Profession = (typeof PROFESSIONS)[number];

/** Limits on account fields. */
export const AccountLimits = {
  minPasswordLength: 10,
  maxPasswordLength: 256,
  maxNameLength: 80,
  maxEmailLength: 254,
} as const;

/** The name of the session cookie. */
export const SESSION_COOKIE = 'casewrite_session';

/** An account as the API returns it (never a password hash). */
export interface User {
  id: string;
  email: string;
  name: string;
  profession: Profession;
  isAdmin: boolean;
}

/** An email address, trimmed and lower-cased so one person has one account. */
export const EmailSchema = z
  .string({ message: 'email is required' })
  .trim()
  .toLowerCase()
  .max(AccountLimits.maxEmailLength, { message: 'email is too long' })
  .pipe(z.email({ message: 'enter a valid email address' }));

const NameSchema = z
  .string({ message: 'name is required' })
  .trim()
  .min(1, { message: 'name must not be empty' })
  .max(AccountLimits.maxNameLength, { message: `name must be at most ${AccountLimits.maxNameLength} characters` });

const PasswordSchema = z
  .string({ message: 'password is required' })
  .min(AccountLimits.minPasswordLength, { message: `password must be at least ${AccountLimits.minPasswordLength} characters` })
  .max(AccountLimits.maxPasswordLength, { message: `password must be at most ${AccountLimits.maxPasswordLength} characters` });

/**
 * `POST /api/auth/signup` body. The password must also pass the password rule (passwordRule.ts),
 * judged with the person's name and email: an async check, so parse it with `safeParseAsync`.
 */
export const SignupSchema = z
  .strictObject({
    email: EmailSchema,
    password: PasswordSchema,
    name: NameSchema,
    profession: z.enum(PROFESSIONS, { message: `profession must be one of ${PROFESSIONS.join(', ')}` }).default('other'),
    /** Required when SIGNUP=invite: the token from an invite link sent to this email. */
    inviteToken: z.string().min(1).max(200).optional(),
  })
  .superRefine(async (body, ctx) => {
    // Imported when needed: its word lists stay out of the client's main bundle.
    const { passwordContext, passwordProblem } = await import('./passwordRule');
    const problem = passwordProblem(body.password, passwordContext(body.email, body.name));
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });

/** Sign-ups that confirm their address by mail (when the server sends mail). */
export const SignupVerification = {
  /** How long the confirmation link works: a day is enough to reach the mailbox, short enough to go stale. */
  lifetimeMs: 24 * 60 * 60 * 1000,
} as const;

/**
 * `202` answer of `POST /api/auth/signup` when the server sends mail: the same whether or not the
 * address already has an account (then its holder is mailed a notice instead of a link).
 */
export interface SignupPending {
  verification: { email: string };
}

/** `POST /api/auth/verify` body: the token from the mailed link, and the password chosen at sign-up. */
export const SignupVerifySchema = z.strictObject({
  token: z.string({ message: 'token is required' }).min(1, { message: 'token is required' }).max(200, { message: 'token is too long' }),
  password: z.string({ message: 'password is required' }).min(1, { message: 'password is required' }).max(AccountLimits.maxPasswordLength),
});

/** `POST /api/auth/login` body. */
export const LoginSchema = z.strictObject({
  email: EmailSchema,
  password: z.string({ message: 'password is required' }).min(1, { message: 'password is required' }).max(AccountLimits.maxPasswordLength),
});

/** `PATCH /api/me` body. */
export const ProfileUpdateSchema = z
  .strictObject({ name: NameSchema.optional(), profession: z.enum(PROFESSIONS, { message: `profession must be one of ${PROFESSIONS.join(', ')}` }).optional() })
  .refine((value) => value.name !== undefined || value.profession !== undefined, { message: 'nothing to change' });
