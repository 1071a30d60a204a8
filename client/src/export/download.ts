/**
 * Fetching an export and handing the file to the browser, so that when the server cannot make
 * it (the letter is too large or too deeply nested, the server is busy, the time limit passed)
 * the person reads why on the page instead of downloading an error.
 */
import { ApiRequestError, parseRetryAfter } from '../api/http';
import { exportUrl } from '../api/letters';

/** The file name the server gave in Content-Disposition (the exact `filename*` when sent), or a fallback. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const exact = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (exact?.[1]) {
    try {
      return decodeURIComponent(exact[1]);
    } catch {
      // A malformed escape: the plain name below will do.
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? fallback;
}

/** The server's `{ error: { message } }`, if that is what the answer holds. */
async function errorMessageOf(response: Response): Promise<string | null> {
  try {
    const body: unknown = await response.json();
    const error: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'error') : null;
    const message: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'message') : null;
    return typeof message === 'string' ? message : null;
  } catch {
    return null;
  }
}

/** Downloads the letter in `format`; rejects with an ApiRequestError whose message says why not. */
export async function downloadExport(letterId: string, format: 'docx' | 'pdf'): Promise<void> {
  let response: Response;
  try {
    response = await fetch(exportUrl(letterId, format), { credentials: 'same-origin' });
  } catch {
    throw new ApiRequestError(0, 'network', 'Could not reach the Casewrite server. Check your connection and try again.');
  }
  if (!response.ok) {
    const message = (await errorMessageOf(response)) ?? `The export failed (the server answered ${response.status}).`;
    throw new ApiRequestError(response.status, 'export_failed', message, parseRetryAfter(response.headers.get('Retry-After')));
  }
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileNameOf(response.headers.get('Content-Disposition'), `letter.${format}`);
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click has handed the file to the browser's download; the address is no longer needed.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
