import { ZodDefault, type z } from 'zod';
import { SessionsError, type ValidationIssue } from './errors.js';

/**
 * Parse untrusted input with a zod schema. On failure, throw one
 * `VALIDATION_FAILED` error whose message names every offending path, so a
 * person reading a log line knows what to fix without opening `details`.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'input'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path.length ? i.path.join('.') : what}: ${i.message}`).join('; ');
  throw new SessionsError('VALIDATION_FAILED', `Invalid ${what}: ${summary}`, { issues });
}

/**
 * The shape of a patch: every field optional, and no defaults. (zod's
 * `.partial()` keeps defaults, so a patch naming only `name` would quietly
 * reset every defaulted field to its default.)
 */
export function patchShape<T extends z.ZodRawShape>(
  shape: T,
): { [K in keyof T]: z.ZodOptional<z.ZodType<z.output<T[K]>, z.input<T[K]>>> } {
  const entries = Object.entries(shape).map(([key, field]) => {
    const inner = field instanceof ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    return [key, inner.optional()];
  });
  return Object.fromEntries(entries) as never;
}
