/** Which address is the client's when requests come through reverse proxies. */
import { describe, expect, it } from 'vitest';
import { forwardedClient } from '../../../server/http/proxy';

const proxies = new Set(['10.0.0.2', '10.0.0.3']);

describe('the client address behind trusted proxies', () => {
  it('is the socket’s address when the peer is not a trusted proxy, whatever the header says', () => {
    expect(forwardedClient('198.51.100.9', '203.0.113.7', proxies)).toBe('198.51.100.9');
  });

  it('is the last forwarded address that is not a trusted proxy', () => {
    expect(forwardedClient('10.0.0.2', '203.0.113.7', proxies)).toBe('203.0.113.7');
    expect(forwardedClient('10.0.0.2', '192.0.2.1, 203.0.113.7, 10.0.0.3', proxies)).toBe('203.0.113.7');
    expect(forwardedClient('::ffff:10.0.0.2', '::ffff:203.0.113.7', proxies)).toBe('203.0.113.7');
  });

  it('keeps the proxy’s address when the header is missing, only proxies, or not an address', () => {
    expect(forwardedClient('10.0.0.2', undefined, proxies)).toBe('10.0.0.2');
    expect(forwardedClient('10.0.0.2', '10.0.0.3', proxies)).toBe('10.0.0.2');
    expect(forwardedClient('10.0.0.2', '203.0.113.7, not-an-address', proxies)).toBe('10.0.0.2');
    expect(forwardedClient(null, '203.0.113.7', proxies)).toBeNull();
  });
});
