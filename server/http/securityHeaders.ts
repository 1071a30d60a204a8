/**
 * Security headers on every response: a Content-Security-Policy the built client satisfies (its
 * own scripts only; inline styles, which the editor sets on carets; websockets only to this
 * server), no MIME sniffing, no framing, and no referrer leaking letter URLs to other sites. And
 * `Cache-Control: no-store` on the API and the sync endpoint: their answers hold case details,
 * which no browser or proxy cache may keep.
 */
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './context';

/** What the headers depend on. */
export interface SecurityHeaderOptions {
  /** The public origin is https: adds Strict-Transport-Security. */
  https: boolean;
  /** The app's origins (the first is the public one); read per request, since they are known only once the port is bound. */
  origins: () => readonly string[];
}

/** The websocket origin of a page origin: `https://host` → `wss://host`, `http://host` → `ws://host`. */
export function websocketOrigin(origin: string): string {
  return origin.replace(/^http(s?):/, 'ws$1:');
}

/**
 * The websocket origins of `origins` as CSP sources. A CSP host cannot be an IPv6 literal
 * (browsers drop `ws://[::1]:3000` as invalid, with a warning), so those are left to 'self'.
 */
export function websocketSources(origins: readonly string[]): string {
  return origins
    .filter((origin) => !new URL(origin).hostname.startsWith('['))
    .map(websocketOrigin)
    .join(' ');
}

/** The middleware setting the security headers on every response. */
export function securityHeaders({ https, origins }: SecurityHeaderOptions) {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      // CSP Level 3 lets 'self' match ws(s) of the page's own host, but older engines do not, so
      // the sync endpoint's origins are named; never a bare ws: or wss:, which is any host.
      connectSrc: ["'self'", () => websocketSources(origins())],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'same-origin',
    strictTransportSecurity: https ? 'max-age=31536000; includeSubDomains' : false,
    crossOriginEmbedderPolicy: false,
  });
}

/** `Cache-Control: no-store` on every response it wraps, errors and refused upgrades included. */
export function noStore() {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
}
