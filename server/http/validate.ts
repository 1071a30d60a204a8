/** zod validation at the edge, answering bad input with the API's error shape and naming the field at fault. */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiException, ErrorCode } from './errors';
import { describeIssues, readJsonBody, requireStorableText } from './input';

/**
 * Like `zValidator`, but a failure is `400 { error: { code: 'bad_request', message } }` whose
 * message names each field at fault. A JSON body must be sent as JSON (415 otherwise), and no
 * string in a body or query may hold text that cannot be stored (input.ts).
 */
export function validate<Target extends keyof ValidationTargets, Schema extends ZodType>(target: Target, schema: Schema) {
  const check = zValidator(target, schema, (result) => {
    if (!result.success) throw new ApiException(400, ErrorCode.badRequest, describeIssues(result.error.issues));
  });
  const guarded: typeof check = async (c, next) => {
    if (target === 'json') await readJsonBody(c);
    // Shaped as the validator reads a query: one value as a string, a repeated key as a list.
    else if (target === 'query') requireStorableText(Object.fromEntries(Object.entries(c.req.queries()).map(([key, values]) => [key, values.length === 1 ? values[0] : values])));
    return check(c, next);
  };
  return guarded;
}
