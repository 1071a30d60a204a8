/** Letter factories and HTTP helpers that talk to a running server like a script would. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ApiError, Letter } from '../../shared/letters';

let sequence = 0;

/** A title no other letter in this run has. */
export function uniqueTitle(prefix = 'Letter'): string {
  sequence += 1;
  return `${prefix} ${sequence} ${randomUUID().slice(0, 8)}`;
}

/** The minimum a request helper needs of a server. */
export interface HttpTarget {
  url: string;
}

/** Sends a JSON request from the app's own origin (as the contract requires for mutations). */
export function requestJson(
  server: HttpTarget,
  pathname: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; /** null: send no Origin header. */ origin?: string | null } = {},
): Promise<Response> {
  const origin = init.origin === undefined ? server.url : init.origin;
  return fetch(new URL(pathname, server.url), {
    method: init.method ?? 'GET',
    headers: { ...(origin === null ? {} : { Origin: origin }), 'Content-Type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
}

/** Creates a letter through `POST /api/letters` with a unique title and returns it. */
export async function createLetter(server: HttpTarget, overrides: { title?: string; template?: string } = {}): Promise<Letter> {
  const body = { title: overrides.title ?? uniqueTitle(), ...(overrides.template ? { template: overrides.template } : {}) };
  const response = await requestJson(server, '/api/letters', { method: 'POST', body });
  expect(response.status, `POST /api/letters answered ${response.status}: ${await response.clone().text()}`).toBe(201);
  const json = (await response.json()) as { letter: Letter }; // checked by the status above and callers' assertions
  return json.letter;
}

/** Asserts a response carries the contract's error shape with `status`, and returns the error. */
export async function expectApiError(response: Response, status: number): Promise<ApiError['error']> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type') ?? '').toMatch(/application\/json/);
  const body: unknown = await response.json();
  expect(body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  const { error } = body as ApiError; // shape asserted just above
  expect(error.code.length).toBeGreaterThan(0);
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}
