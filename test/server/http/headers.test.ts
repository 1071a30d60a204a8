/**
 * Response headers: every API answer (JSON, exports, errors alike) and every sync upgrade
 * carries `Cache-Control: no-store`, since they hold case details no cache may keep; the static
 * client does not; and the Content-Security-Policy lets websockets reach this server only.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createUser } from '../../helpers/accounts';
import type { HttpTarget, Session } from '../../helpers/http';
import { requestJson } from '../../helpers/http';
import { createLetter } from '../../helpers/letters';
import { useTestResources } from '../../helpers/resources';
import { fillPath, ROUTES } from '../../helpers/routeTable';

const resources = useTestResources();

function expectNoStore(response: Response, what: string): void {
  expect(response.headers.get('cache-control'), `${what} answered ${response.status}`).toBe('no-store');
}

/** The headers with which the server answered a websocket upgrade: accepted (101) or refused. */
function upgradeHeaders(server: { syncUrl: string }, room: string, origin: string, session: Session | null): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.syncUrl}/${room}`, { headers: { Origin: origin, ...(session ? { Cookie: session.cookie } : {}) } });
    ws.once('upgrade', (response) => {
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
      ws.close();
    });
    ws.once('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
      response.resume();
    });
    ws.once('error', reject);
  });
}

/** The sources of one CSP directive. */
function cspSources(header: string | null, directive: string): string[] {
  const found = (header ?? '').split(';').map((part) => part.trim().split(/\s+/)).find(([name]) => name === directive);
  return found?.slice(1) ?? [];
}

describe('Cache-Control: no-store', () => {
  it('is on every API route’s answer, signed in or not, whatever the status', async () => {
    const server = await resources.startServer();
    const account = await createUser(server);
    const params = { id: randomUUID(), userId: randomUUID(), threadId: randomUUID(), commentId: randomUUID(), reviewId: randomUUID(), versionId: randomUUID(), itemId: randomUUID(), inviteId: randomUUID(), token: 'x'.repeat(43) };
    for (const route of ROUTES) {
      const pathname = fillPath(route.path, Object.fromEntries(Object.keys(route.params ?? {}).map((name) => [name, params[name as keyof typeof params] ?? randomUUID()])));
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      for (const session of [account, null]) {
        expectNoStore(await requestJson(server, pathname, { method: route.method, session, body }), `${route.method} ${route.path}`);
      }
    }
  });

  it('is on successes, exports, unknown routes, oversized bodies and rate limits too', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const answers: [string, Response][] = [
      ['GET /api/me', await requestJson(server, '/api/me', { session: owner })],
      ['GET /api/letters', await requestJson(server, '/api/letters', { session: owner })],
      ['GET /api/letters/:id', await requestJson(server, `/api/letters/${letter.id}`, { session: owner })],
      ['POST /api/letters', await requestJson(server, '/api/letters', { method: 'POST', session: owner, body: { title: 'Another' } })],
      ['export docx', await requestJson(server, `/api/letters/${letter.id}/export?format=docx`, { session: owner })],
      ['unknown API route', await requestJson(server, '/api/nothing-here', { session: owner })],
      ['oversized body', await requestJson(server, '/api/letters', { method: 'POST', session: owner, body: JSON.stringify({ title: 'x'.repeat(100_000) }) })],
    ];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      answers.push(['sign-in', await requestJson(server, '/api/auth/login', { method: 'POST', body: { email: owner.user.email, password: 'not the password' } })]);
    }
    expect(answers.at(-1)?.[1].status).toBe(429);
    for (const [what, response] of answers) {
      expectNoStore(response, what);
      await response.arrayBuffer();
    }
  });

  it('is on sync upgrades, accepted or refused', async () => {
    const server = await resources.startServer();
    const owner = await createUser(server);
    const letter = await createLetter(server, owner);
    const accepted = await upgradeHeaders(server, letter.id, server.origin, owner);
    expect(accepted.status).toBe(101);
    expect(accepted.headers['cache-control']).toBe('no-store');
    const refused = await upgradeHeaders(server, letter.id, 'http://evil.example', owner);
    expect(refused.status).toBe(403);
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('is not on the health check or the app shell, which hold nothing private', async () => {
    const server = await resources.startServer();
    for (const pathname of ['/healthz', '/']) {
      const response = await fetch(new URL(pathname, server.url));
      expect(response.headers.get('cache-control') ?? '').not.toContain('no-store');
      await response.arrayBuffer();
    }
  });
});

describe('Content-Security-Policy connect-src', () => {
  async function connectSources(server: HttpTarget): Promise<string[]> {
    const response = await fetch(new URL('/healthz', server.url));
    await response.arrayBuffer();
    return cspSources(response.headers.get('content-security-policy'), 'connect-src');
  }

  it("allows 'self' and this server's websocket origin, never any host", async () => {
    const server = await resources.startServer();
    const sources = await connectSources(server);
    expect(sources).toContain("'self'");
    expect(sources).toContain(server.origin.replace(/^http:/, 'ws:'));
    for (const source of sources) expect(['ws:', 'wss:', '*', 'http:', 'https:']).not.toContain(source);
    // On loopback the server answers to each name of this machine, each with its websocket origin
    // (but [::1]: a CSP source cannot be an IPv6 literal, and browsers warn about one).
    const port = new URL(server.url).port;
    expect(sources).toEqual(["'self'", `ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
  });

  it('names wss: of the configured https origin', async () => {
    const server = await resources.startServer({ origin: 'https://casewrite.example.org' });
    expect(await connectSources(server)).toEqual(["'self'", 'wss://casewrite.example.org']);
  });
});
