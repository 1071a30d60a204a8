/** The one error shape of the API, `{ error: { code, message } }`, and the handler that makes it. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from '../logger';

/** Machine-readable error codes. */
export const ErrorCode = {
  badRequest: 'bad_request',
  notFound: 'not_found',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  internal: 'internal',
} as const;

/** An HTTP error with a code; thrown by routes, rendered by `handleError`. */
export class ApiException extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    /** Fields sent beside `error`, for a client to act on (e.g. the fresh list of a conflict). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(status, { message });
  }
}

/** 404 with the API's error shape. */
export function notFound(what = 'not found'): ApiException {
  return new ApiException(404, ErrorCode.notFound, what);
}

/** Renders every thrown error; unknown ones are logged and become a generic 500. */
export function createErrorHandler(log: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof ApiException) {
      return c.json({ ...error.details, error: { code: error.code, message: error.message } }, error.status);
    }
    if (error instanceof HTTPException) {
      return c.json({ error: { code: codeForStatus(error.status), message: error.message || 'request failed' } }, error.status);
    }
    // The route pattern, not the path: paths can hold secrets (invite tokens).
    log.error('unhandled error', { method: c.req.method, route: c.req.routePath, error });
    return c.json({ error: { code: ErrorCode.internal, message: 'Something went wrong on the server.' } }, 500);
  };
}

function codeForStatus(status: number): string {
  if (status === 404) return ErrorCode.notFound;
  if (status === 413) return ErrorCode.payloadTooLarge;
  if (status === 415) return ErrorCode.unsupportedMediaType;
  return status >= 500 ? ErrorCode.internal : ErrorCode.badRequest;
}
