/** The one way the client talks HTTP: JSON in and out, the server's error messages kept intact. */
import type { z } from 'zod';

/** A failed API call: the HTTP status (0 = never reached the server), the server's code and message. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from a `Retry-After` header (429), when the server sent one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** Dispatched on `window` when any request finds the session gone, so the app can ask to sign in. */
export const SESSION_LOST_EVENT = 'casewrite:session-lost';

/** The `{ error: { code, message } }` body, if that is what `body` is. */
function readApiError(body: unknown): { code: string; message: string } | null {
  if (typeof body !== 'object' || body === null) return null;
  const error: unknown = Reflect.get(body, 'error');
  if (typeof error !== 'object' || error === null) return null;
  const code: unknown = Reflect.get(error, 'code');
  const message: unknown = Reflect.get(error, 'message');
  return typeof code === 'string' && typeof message === 'string' ? { code, message } : null;
}

/** Seconds in a `Retry-After` header (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Options of one request. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  json?: unknown;
  signal?: AbortSignal;
}

/**
 * Sends a request and returns the parsed JSON body (null for 204). Any failure becomes an
 * ApiRequestError with a message fit to show. The browser adds `Origin` to every non-GET fetch,
 * which is what the server's same-origin guard checks; the session cookie goes along by default.
 */
export async function request(path: string, options: RequestOptions = {}): Promise<unknown> {
  const { method = 'GET', json, signal } = options;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      signal,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(json === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiRequestError(0, 'network', 'Could not reach the Casewrite server. Check your connection and try again.');
  }
  let body: unknown = null;
  if (response.status !== 204) {
    try {
      body = await response.json();
    } catch {
      // A proxy error page or an empty body: handled below through the status alone.
    }
  }
  if (!response.ok) {
    const apiError = readApiError(body);
    const code = apiError?.code ?? 'http_error';
    if (response.status === 401 && code === 'unauthenticated') window.dispatchEvent(new Event(SESSION_LOST_EVENT));
    throw new ApiRequestError(
      response.status,
      code,
      apiError?.message ?? `The server answered ${response.status} ${response.statusText}.`.trim(),
      parseRetryAfter(response.headers.get('Retry-After')),
    );
  }
  return body;
}

/** Checks `body[key]` against `schema`; a mismatch means client and server disagree, shown plainly. */
export function pick<T>(body: unknown, key: string, schema: z.ZodType<T>): T {
  const value: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, key) : undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiRequestError(500, 'bad_response', 'The server sent an unexpected answer. Reload the page and try again.');
  return parsed.data;
}

/** A query string from the defined, non-empty values of `params` ("" when there are none). */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
