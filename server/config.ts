/** The server's configuration, read from the environment once and validated. */
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  ORIGIN: z
    .url({ message: 'ORIGIN must be a URL such as https://casewrite.example.org' })
    .refine(isHttpUrl, { message: 'ORIGIN must be an http or https URL' })
    .optional(),
  SIGNUP: z.enum(['open', 'invite'], { message: 'SIGNUP must be open or invite' }).default('open'),
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:'], 'DATABASE_URL must be a PostgreSQL URL such as postgres://casewrite@db.example.org/casewrite'),
  REDIS_URL: optionalUrl(['redis:', 'rediss:'], 'REDIS_URL must be a Redis URL such as redis://cache.example.org:6379'),
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
    .refine((addresses) => addresses.every((address) => isIP(address) !== 0), {
      message: 'TRUSTED_PROXIES must be IP addresses separated by commas, such as 10.0.0.2,10.0.0.3',
    }),
  SMTP_URL: optionalUrl(['smtp:', 'smtps:'], 'SMTP_URL must be an SMTP URL such as smtps://user:password@mail.example.org:465'),
  MAIL_FROM: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().trim().min(3).max(320).refine(isMailFrom, { message: 'MAIL_FROM must be an address such as casewrite@example.org or Casewrite <casewrite@example.org>' }).optional(),
  ),
});

/** An optional URL with one of `protocols`; set but empty counts as unset (as in many env files). */
function optionalUrl(protocols: readonly string[], message: string) {
  return z.preprocess((value) => (value === '' ? undefined : value), z.string().refine(hasProtocol(protocols), { message }).optional());
}

/** Whether a value is a URL with one of `protocols`. */
function hasProtocol(protocols: readonly string[]): (value: string) => boolean {
  return (value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  };
}

/** `name@host` or `Display Name <name@host>`, on one line. */
function isMailFrom(value: string): boolean {
  return /^([^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/.test(value);
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false; // not a URL at all; z.url() has reported that already
  }
}

/** Validated configuration. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** The public origin; when unset, the server's own http://HOST:PORT. */
  origin: string | undefined;
  /** `invite`: only people with an invite link may create an account. */
  signup: 'open' | 'invite';
  /** PostgreSQL for every store instead of the embedded SQLite file under `dataDir`. */
  databaseUrl?: string;
  /** Redis between instances; needs `databaseUrl`, since instances cannot share a SQLite file. */
  redisUrl?: string;
  /** Reverse proxies whose X-Forwarded-For names the client (http/proxy.ts). */
  trustedProxies: string[];
  /** SMTP for invites and address confirmation; without it, owners pass invite links on themselves. */
  mail?: { smtpUrl: string; from: string };
}

/** Parses the environment; returns every problem at once instead of the first. */
export function parseConfig(env: NodeJS.ProcessEnv): { ok: true; config: Config } | { ok: false; problems: string[] } {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    return { ok: false, problems: result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
  }
  const { PORT, HOST, DATA_DIR, ORIGIN, SIGNUP, DATABASE_URL, REDIS_URL, TRUSTED_PROXIES, SMTP_URL, MAIL_FROM } = result.data;
  if ((SMTP_URL === undefined) !== (MAIL_FROM === undefined)) {
    return { ok: false, problems: [`${SMTP_URL ? 'MAIL_FROM' : 'SMTP_URL'}: set SMTP_URL and MAIL_FROM together (or neither, to pass invite links on by hand)`] };
  }
  if (REDIS_URL && !DATABASE_URL) {
    return {
      ok: false,
      problems: ['REDIS_URL: several instances cannot share the embedded SQLite database; set DATABASE_URL to a PostgreSQL database as well (or unset REDIS_URL)'],
    };
  }
  return {
    ok: true,
    config: {
      port: PORT,
      host: HOST,
      dataDir: path.resolve(DATA_DIR),
      origin: ORIGIN ? new URL(ORIGIN).origin : undefined,
      signup: SIGNUP,
      trustedProxies: TRUSTED_PROXIES,
      ...(DATABASE_URL ? { databaseUrl: DATABASE_URL } : {}),
      ...(REDIS_URL ? { redisUrl: REDIS_URL } : {}),
      ...(SMTP_URL && MAIL_FROM ? { mail: { smtpUrl: SMTP_URL, from: MAIL_FROM } } : {}),
    },
  };
}

/** Reads the process environment; prints every problem and exits 1 when it is invalid. */
export function loadConfig(): Config {
  const result = parseConfig(process.env);
  if (result.ok) return result.config;
  console.error('Invalid configuration:');
  for (const problem of result.problems) console.error(`  - ${problem}`);
  process.exit(1);
}
