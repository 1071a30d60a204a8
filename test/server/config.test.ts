/** Configuration from the environment: defaults, and every problem reported at once. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config';

describe('parseConfig', () => {
  it('uses the documented defaults', () => {
    expect(parseConfig({})).toEqual({
      ok: true,
      config: { port: 3000, host: '127.0.0.1', dataDir: path.resolve('./data'), origin: undefined, signup: 'open', trustedProxies: [] },
    });
  });

  it('reads PORT, HOST, DATA_DIR, ORIGIN and SIGNUP', () => {
    const result = parseConfig({ PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/var/lib/casewrite', ORIGIN: 'https://letters.example.org/', SIGNUP: 'invite' });
    expect(result).toEqual({
      ok: true,
      config: { port: 8080, host: '0.0.0.0', dataDir: '/var/lib/casewrite', origin: 'https://letters.example.org', signup: 'invite', trustedProxies: [] },
    });
  });

  it('reads TRUSTED_PROXIES as a list of addresses, and refuses anything that is not one', () => {
    const result = parseConfig({ TRUSTED_PROXIES: ' 10.0.0.2, fd00::3 ,' });
    expect(result.ok && result.config.trustedProxies).toEqual(['10.0.0.2', 'fd00::3']);
    const refused = parseConfig({ TRUSTED_PROXIES: '10.0.0.2,proxy.internal' });
    expect(refused.ok).toBe(false);
    if (refused.ok) throw new Error('unreachable');
    expect(refused.problems).toEqual([expect.stringMatching(/^TRUSTED_PROXIES: .*IP addresses/)]);
  });

  it('reports every invalid variable, not just the first', () => {
    const result = parseConfig({ PORT: 'eighty', ORIGIN: 'ftp://example.org', SIGNUP: 'closed' });
    expect(result.ok).toBe(false);
    if (result.ok) throw new Error('unreachable');
    expect(result.problems).toHaveLength(3);
    expect(result.problems.join('\n')).toMatch(/PORT/);
    expect(result.problems.join('\n')).toMatch(/ORIGIN/);
    expect(result.problems.join('\n')).toMatch(/SIGNUP/);
  });

  it('refuses a port out of range', () => {
    expect(parseConfig({ PORT: '70000' }).ok).toBe(false);
  });

  it('reads DATABASE_URL and REDIS_URL; without them the embedded store, with empty ones too', () => {
    const result = parseConfig({ DATABASE_URL: 'postgresql://casewrite:secret@db.example.org:5432/casewrite', REDIS_URL: 'rediss://cache.example.org:6380' });
    expect(result).toMatchObject({ ok: true, config: { databaseUrl: 'postgresql://casewrite:secret@db.example.org:5432/casewrite', redisUrl: 'rediss://cache.example.org:6380' } });
    expect(parseConfig({ DATABASE_URL: 'postgres://localhost/casewrite' })).toMatchObject({ ok: true, config: { databaseUrl: 'postgres://localhost/casewrite' } });
    expect(parseConfig({ DATABASE_URL: 'postgres://localhost/casewrite', REDIS_URL: 'redis://localhost:6379' })).toMatchObject({ ok: true, config: { redisUrl: 'redis://localhost:6379' } });
    for (const env of [{}, { DATABASE_URL: '', REDIS_URL: '' }]) {
      const config = parseConfig(env);
      if (!config.ok) throw new Error(config.problems.join('; '));
      expect(config.config).not.toHaveProperty('databaseUrl');
      expect(config.config).not.toHaveProperty('redisUrl');
    }
  });

  it('refuses a DATABASE_URL or REDIS_URL of another kind, saying what it must be', () => {
    for (const [env, variable, wanted] of [
      [{ DATABASE_URL: 'mysql://db.example.org/casewrite' }, 'DATABASE_URL', /PostgreSQL URL/],
      [{ DATABASE_URL: '/var/lib/casewrite.db' }, 'DATABASE_URL', /PostgreSQL URL/],
      [{ DATABASE_URL: 'postgres://db/x', REDIS_URL: 'http://cache.example.org' }, 'REDIS_URL', /Redis URL/],
      [{ DATABASE_URL: 'postgres://db/x', REDIS_URL: 'cache.example.org:6379' }, 'REDIS_URL', /Redis URL/],
    ] as const) {
      const result = parseConfig(env);
      if (result.ok) throw new Error(`${JSON.stringify(env)} was accepted`);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatch(new RegExp(`^${variable}:`));
      expect(result.problems[0]).toMatch(wanted);
    }
  });

  it('refuses REDIS_URL without DATABASE_URL: instances cannot share the embedded SQLite file', () => {
    const result = parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379' });
    if (result.ok) throw new Error('accepted');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/REDIS_URL/);
    expect(result.problems[0]).toMatch(/DATABASE_URL/);
  });

  it('reads SMTP_URL and MAIL_FROM together; without them (or empty) no mail', () => {
    const result = parseConfig({ SMTP_URL: 'smtps://casewrite:secret@mail.example.org:465', MAIL_FROM: 'Casewrite <casewrite@example.org>' });
    expect(result).toMatchObject({ ok: true, config: { mail: { smtpUrl: 'smtps://casewrite:secret@mail.example.org:465', from: 'Casewrite <casewrite@example.org>' } } });
    expect(parseConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'casewrite@example.org' })).toMatchObject({ ok: true, config: { mail: { from: 'casewrite@example.org' } } });
    for (const env of [{}, { SMTP_URL: '', MAIL_FROM: '' }]) {
      const plain = parseConfig(env);
      if (!plain.ok) throw new Error(plain.problems.join('; '));
      expect(plain.config.mail).toBeUndefined();
    }
  });

  it('refuses a bad SMTP_URL or MAIL_FROM, or one without the other, saying what is needed', () => {
    for (const [env, variable, message] of [
      [{ SMTP_URL: 'http://mail.example.org', MAIL_FROM: 'a@example.org' }, 'SMTP_URL', /SMTP URL/],
      [{ SMTP_URL: 'smtp://mail.example.org', MAIL_FROM: 'not an address' }, 'MAIL_FROM', /MAIL_FROM must be an address/],
      [{ SMTP_URL: 'smtp://mail.example.org', MAIL_FROM: 'a@example.org\r\nBcc: b@example.org' }, 'MAIL_FROM', /MAIL_FROM must be an address/],
      [{ SMTP_URL: 'smtp://mail.example.org' }, 'MAIL_FROM', /together/],
      [{ MAIL_FROM: 'a@example.org' }, 'SMTP_URL', /together/],
    ] as const) {
      const result = parseConfig(env);
      if (result.ok) throw new Error(`accepted ${JSON.stringify(env)}`);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatch(new RegExp(`^${variable}`));
      expect(result.problems[0]).toMatch(message);
    }
  });
});
