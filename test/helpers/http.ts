/** HTTP helpers that talk to a running server like a script would: JSON, the app's Origin, a session cookie. */
import { expect } from 'vitest';
import type { ApiError } from '../../shared/letters';

/** The minimum a request helper needs of a server. */
export interface HttpTarget {
  url: string;
  /** The app's public origin, when it is not the URL's (a server started with `origin`). */
  origin?: string;
}

/** A signed-in session as a request carries it. */
export interface Session {
  /** The `Cookie` header value: `casewrite_session=<token>`. */
  cookie: string;
}

/** Options of `requestJson`. */
export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** null: send no Origin header. Default: the server's own origin. */
  origin?: string | null;
  /** Send this session's cookie; omitted or null: no cookie. */
  session?: Session | null;
}

/** Sends a JSON request from the app's own origin (as the contract requires for mutations). */
export function requestJson(server: HttpTarget, pathname: string, init: RequestOptions = {}): Promise<Response> {
  const origin = init.origin === undefined ? (server.origin ?? new URL(server.url).origin) : init.origin;
  return fetch(new URL(pathname, server.url), {
    method: init.method ?? 'GET',
    headers: {
      ...(origin === null ? {} : { Origin: origin }),
      ...(init.session ? { Cookie: init.session.cookie } : {}),
      'Content-Type': 'application/json',
      ...init.headers,
    },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
}

/** Sends a request and returns its JSON body after asserting the status (the body is typed by the caller's expectation). */
export async function expectJson<T>(response: Promise<Response> | Response, status: number): Promise<T> {
  const resolved = await response;
  const text = await resolved.text();
  expect(resolved.status, `${resolved.url} answered ${resolved.status}: ${text}`).toBe(status);
  return JSON.parse(text) as T; // the caller names the shape the contract gives this status; its assertions check it
}

/** Asserts a response carries the contract's error shape with `status`, and returns the error. */
export async function expectApiError(response: Response, status: number): Promise<ApiError['error']> {
  const text = await response.text();
  expect(response.status, `${response.url} answered ${response.status}: ${text}`).toBe(status);
  expect(response.headers.get('content-type') ?? '').toMatch(/application\/json/);
  const body: unknown = JSON.parse(text);
  expect(body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  const { error } = body as ApiError; // shape asserted just above
  expect(error.code.length).toBeGreaterThan(0);
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}
