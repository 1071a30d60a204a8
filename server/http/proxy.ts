/**
 * The client's address behind reverse proxies. Several instances sit behind a load balancer, so
 * the socket's address is the proxy's: the audit log would record it, and the limit on failed
 * sign-ins per address would count everyone's failures together. When the socket's address is one
 * of TRUSTED_PROXIES, the client is the last address in `X-Forwarded-For` that is not itself a
 * trusted proxy (entries further left are whatever the client chose to send, and are ignored).
 * A request straight from anyone else keeps its socket's address, so nobody can claim another's
 * address by sending the header themselves.
 */
import { isIP } from 'node:net';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './context';
import { socketAddress } from './context';

/** `::ffff:10.0.0.5` (an IPv4 peer of a dual-stack socket) is 10.0.0.5. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  return trimmed.toLowerCase().startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

/** The client of a request that reached us from `peer` with `forwardedFor`, trusting `trusted` proxies only. */
export function forwardedClient(peer: string | null, forwardedFor: string | undefined, trusted: ReadonlySet<string>): string | null {
  if (peer === null || !trusted.has(normalizeAddress(peer)) || !forwardedFor) return peer;
  const hops = forwardedFor.split(',').map(normalizeAddress);
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index] ?? '';
    // Garbage where an address should be: the proxies added nothing we can use past it.
    if (isIP(hop) === 0) return peer;
    if (!trusted.has(hop)) return hop;
  }
  return peer;
}

/** Records each request's client address (see above) for `clientAddress`. */
export function resolveClientAddress(trustedProxies: readonly string[]) {
  const trusted = new Set(trustedProxies.map(normalizeAddress));
  return createMiddleware<AppEnv>(async (c, next) => {
    c.set('clientAddress', forwardedClient(socketAddress(c), c.req.header('x-forwarded-for'), trusted));
    await next();
  });
}
