/** The server's configuration, read from the environment once and validated. */
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
});

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
}

/** Parses the environment; returns every problem at once instead of the first. */
export function parseConfig(env: NodeJS.ProcessEnv): { ok: true; config: Config } | { ok: false; problems: string[] } {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    return { ok: false, problems: result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
  }
  const { PORT, HOST, DATA_DIR, ORIGIN, SIGNUP } = result.data;
  return {
    ok: true,
    config: { port: PORT, host: HOST, dataDir: path.resolve(DATA_DIR), origin: ORIGIN ? new URL(ORIGIN).origin : undefined, signup: SIGNUP },
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
