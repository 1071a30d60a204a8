/**
 * Security headers on every response: a Content-Security-Policy the built client satisfies (its
 * own scripts only; inline styles, which the editor sets on carets; websockets to this server),
 * no MIME sniffing, no framing, and no referrer leaking letter URLs to other sites.
 */
import { secureHeaders } from 'hono/secure-headers';

/** The middleware; `https` adds Strict-Transport-Security. */
export function securityHeaders(https: boolean) {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'", 'ws:', 'wss:'],
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
