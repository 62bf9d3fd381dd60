import type { z } from 'zod';
import { XinzhiError } from '../../core/index.js';

/** Parses `input` or throws BAD_INPUT whose `errors` name every bad field (problem+json at the API). */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({
    field: i.path.map(String).join('.') || '(input)',
    message: i.message,
  }));
  throw new XinzhiError('BAD_INPUT', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    field: errors[0]?.field ?? '(input)',
    context: { errors },
  });
}
