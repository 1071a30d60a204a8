/** zod validation at the edge, answering bad input with the API's error shape. */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ErrorCode } from './errors';

/** Like `zValidator`, but a failure is `400 { error: { code: 'bad_request', message } }`. */
export function validate<Target extends keyof ValidationTargets, Schema extends ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result, c) => {
    if (!result.success) {
      const message = result.error.issues.map((issue) => issue.message).join('; ');
      return c.json({ error: { code: ErrorCode.badRequest, message } }, 400);
    }
  });
}
