/** The letters HTTP API, typed, with the server's error messages kept intact for the UI. */
import type { Letter } from '../../../shared/letters';

/** A failed API call: the HTTP status (0 = never reached the server) and the server's message. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

/** Whether a parsed JSON value has the shape of a Letter. */
export function isLetter(value: unknown): value is Letter {
  if (typeof value !== 'object' || value === null) return false;
  return ['id', 'title', 'template', 'createdAt', 'updatedAt'].every(
    (key) => typeof Reflect.get(value, key) === 'string',
  );
}

/** The `{ error: { code, message } }` body, if that is what `body` is. */
function readApiError(body: unknown): { code: string; message: string } | null {
  if (typeof body !== 'object' || body === null) return null;
  const error: unknown = Reflect.get(body, 'error');
  if (typeof error !== 'object' || error === null) return null;
  const code: unknown = Reflect.get(error, 'code');
  const message: unknown = Reflect.get(error, 'message');
  return typeof code === 'string' && typeof message === 'string' ? { code, message } : null;
}

/** Fetches JSON; any failure becomes an ApiRequestError with a message fit to show. */
async function requestJson(path: string, init: RequestInit = {}, signal?: AbortSignal): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, signal, headers: { Accept: 'application/json', ...init.headers } });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiRequestError(0, 'network', 'Could not reach the Casewrite server. Check your connection and try again.');
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy error page or an empty body: handled below through the status alone.
  }
  if (!response.ok) {
    const apiError = readApiError(body);
    throw new ApiRequestError(
      response.status,
      apiError?.code ?? 'http_error',
      apiError?.message ?? `The server answered ${response.status} ${response.statusText}.`.trim(),
    );
  }
  return body;
}

/** Reads `{ [key]: Letter }` or throws a readable error. */
function expectLetter(body: unknown): Letter {
  const letter: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'letter') : undefined;
  if (!isLetter(letter)) throw new ApiRequestError(500, 'bad_response', 'The server sent an unexpected answer.');
  return letter;
}

/** `GET /api/letters`. */
export async function listLetters(signal?: AbortSignal): Promise<Letter[]> {
  const body = await requestJson('/api/letters', {}, signal);
  const letters: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'letters') : undefined;
  if (!Array.isArray(letters)) throw new ApiRequestError(500, 'bad_response', 'The server sent an unexpected answer.');
  return letters.filter(isLetter);
}

/** `GET /api/letters/:id`. */
export async function getLetter(id: string, signal?: AbortSignal): Promise<Letter> {
  return expectLetter(await requestJson(`/api/letters/${encodeURIComponent(id)}`, {}, signal));
}

/** `POST /api/letters`. */
export async function createLetter(title: string): Promise<Letter> {
  const body = await requestJson('/api/letters', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  return expectLetter(body);
}
