/** Configuration from the environment: defaults, and every problem reported at once. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config';

describe('parseConfig', () => {
  it('uses the documented defaults', () => {
    expect(parseConfig({})).toEqual({
      ok: true,
      config: { port: 3000, host: '127.0.0.1', dataDir: path.resolve('./data'), origin: undefined, signup: 'open' },
    });
  });

  it('reads PORT, HOST, DATA_DIR, ORIGIN and SIGNUP', () => {
    const result = parseConfig({ PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/var/lib/casewrite', ORIGIN: 'https://letters.example.org/', SIGNUP: 'invite' });
    expect(result).toEqual({
      ok: true,
      config: { port: 8080, host: '0.0.0.0', dataDir: '/var/lib/casewrite', origin: 'https://letters.example.org', signup: 'invite' },
    });
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
});
