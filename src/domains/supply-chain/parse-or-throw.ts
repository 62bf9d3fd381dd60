import type { z } from 'zod';
import { zodIssuesError } from '../../core/index.js';

/** Parses `input` or throws BAD_INPUT whose `issues` name every bad field (problem+json at the API). */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw zodIssuesError(r.error);
}
