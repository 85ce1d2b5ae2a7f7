import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { z } from 'zod';
import { ReconnectError } from './errors.js';

/** Plain words naming each bad field, without echoing the value (which may be a secret pasted by mistake). */
export function describeIssues(error: { issues: readonly z.core.$ZodIssue[] }): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : 'body';
    return `${path}: ${issue.message}`;
  });
  return `Invalid request. ${parts.join('; ')}.`;
}

/** zod validation for a route input; a failure throws `validation_failed` into the one error handler. */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new ReconnectError('validation_failed', {
        message: describeIssues(result.error),
        details: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
  });
}
