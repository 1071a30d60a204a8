/**
 * Same-origin guard. Mutating API requests and websocket upgrades must carry an Origin header
 * naming the app itself: browsers always send it, so a page on another site cannot make a
 * visitor's browser change a letter or open its sync socket (cross-site websocket hijacking).
 */
import { createMiddleware } from 'hono/factory';
import { ApiException } from './errors';

/** Methods that read only; every other method must pass the Origin check. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a bind address is this machine only. */
export function isLoopback(host: string): boolean {
  return ['localhost', '::1'].includes(host) || host.startsWith('127.');
}

/** The origins the app answers to when ORIGIN is not configured: its own address, by any loopback name. */
export function defaultOrigins(host: string, port: number): string[] {
  const own = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!isLoopback(host)) return [own];
  return [...new Set([own, `http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`])];
}

/**
 * Refuses (403) a request whose Origin is not one of `allowed`; `scope` picks which requests.
 * `allowed` is read on every request, so a server on port 0 can fill it in once it is listening.
 */
export function requireSameOrigin(allowed: readonly string[], scope: 'unsafe-methods' | 'all') {
  return createMiddleware(async (c, next) => {
    if (scope === 'unsafe-methods' && SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header('Origin');
    if (!origin || !allowed.includes(origin)) {
      throw new ApiException(403, 'forbidden_origin', 'Requests must come from the Casewrite app itself (Origin header).');
    }
    return next();
  });
}
