/**
 * What every request's input must be before any schema looks at it: a body sent as JSON is JSON,
 * and every string in it is text a letter can hold. Also turns zod's issues into one message that
 * names the field at fault, so a client (or a person) knows what to fix.
 */
import type { Context } from 'hono';
import type { core } from 'zod';
import { ApiException, ErrorCode } from './errors';

/** `application/json`, with or without parameters, and `application/<anything>+json`. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * A UTF-16 surrogate without its other half is not a character: it has no UTF-8 form, so it would
 * reach the database as invalid UTF-8 that exports and other readers cannot decode.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Characters XML 1.0 cannot carry: C0 controls other than tab, line feed and carriage return, and
 * U+FFFE/U+FFFF. Any text may be printed into a DOCX export (XML), and a NUL also truncates
 * strings in C libraries; no one types them on purpose.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** One path into a JSON value, as a message shows it: `agenda.0.title`. */
function formatPath(path: readonly PropertyKey[]): string {
  const text = path.map((key) => String(key)).join('.');
  // A path into deeply nested input could be longer than the input; its start names the field.
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Why `text` cannot be stored, or null when it can. */
function textProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return 'is not valid Unicode text (it holds half of a surrogate pair)';
  const control = UNPRINTABLE.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `contains a character that is not allowed (U+${code})`;
  }
  return null;
}

/** A place in a JSON value: its key and its parent's place, so each step costs the same at any depth. */
interface Place {
  value: unknown;
  key: PropertyKey | null;
  parent: Place | null;
}

function pathOf(place: Place): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let at: Place | null = place; at !== null && at.key !== null; at = at.parent) path.push(at.key);
  return path.reverse();
}

/**
 * The first string in `value` (a parsed JSON body or a query) that cannot be stored, as
 * "<field> <problem>", or null. Iterative and linear in the size of the value, so deeply nested
 * input neither overflows the stack nor takes long.
 */
export function findUnstorableText(value: unknown): string | null {
  const pending: Place[] = [{ value, key: null, parent: null }];
  for (let place = pending.pop(); place !== undefined; place = pending.pop()) {
    const current = place;
    if (typeof current.value === 'string') {
      const problem = textProblem(current.value);
      if (problem) return `${current.key === null ? 'the body' : formatPath(pathOf(current))} ${problem}`;
    } else if (Array.isArray(current.value)) {
      current.value.forEach((item, index) => pending.push({ value: item, key: index, parent: current }));
    } else if (typeof current.value === 'object' && current.value !== null) {
      for (const [key, item] of Object.entries(current.value)) pending.push({ value: item, key, parent: current });
    }
  }
  return null;
}

/** 400 for input whose text cannot be stored; call before the schema, which would store it. */
export function requireStorableText(value: unknown): void {
  const problem = findUnstorableText(value);
  if (problem) throw new ApiException(400, ErrorCode.badRequest, problem);
}

/**
 * The request's JSON body, or an error: 415 unless it is sent as JSON (otherwise Hono's validator
 * would check an empty object instead, and a schema whose fields all have defaults would accept it
 * and overwrite what was stored), 400 if it does not parse or holds text that cannot be stored.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim() ?? '';
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new ApiException(415, ErrorCode.unsupportedMediaType, 'Send the body as JSON, with the header Content-Type: application/json.');
  }
  let body: unknown;
  try {
    // Cached by Hono: the validator that runs next reads the same parsed value.
    body = await c.req.json();
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'it could not be read';
    throw new ApiException(400, ErrorCode.badRequest, `The body is not valid JSON: ${reason}`);
  }
  requireStorableText(body);
  return body;
}

/**
 * zod's issues as one message, each naming its field (`status: Invalid option: ...`) unless the
 * schema's own message already starts with it (`title must not be empty`).
 */
export function describeIssues(issues: readonly core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = formatPath(issue.path);
      const [only] = issue.path;
      const named = issue.path.length === 1 && issue.message.startsWith(String(only));
      return path === '' || named ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}
