/**
 * The `--map` option: a column mapping as inline JSON or a .json/.yaml file, validated with zod.
 * Kept apart from layout resolution so the parsing worker does not load yaml.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { XinzhiError } from '../../core/errors.js';
import { issuesError, issuesFromZod } from '../../core/issues.js';
import type { ColumnMapping } from './column-mapping.js';

export const columnMappingSchema = z
  .object({
    /** Time column (name or 0-based index). Default: `ts|time|timestamp|datetime|date`, else the first column. */
    time: z.union([z.string(), z.number().int().min(0)]).optional(),
    /** Long layout: the column holding the series id. */
    series: z.string().optional(),
    /** Long layout: the asset column, with `metric`. */
    asset: z.string().optional(),
    metric: z.string().optional(),
    /** Long layout: the value column. */
    value: z.string().optional(),
    /** Long layout: the unit column. */
    unit: z.string().optional(),
    /** Wide layout: value columns → series id, or { series | metric, unit }. Unlisted columns are ignored. */
    columns: z
      .record(
        z.string(),
        z.union([
          z.string(),
          z.object({
            series: z.string().optional(),
            metric: z.string().optional(),
            unit: z.string().optional(),
          }),
        ]),
      )
      .optional(),
    /** Wide layout without `columns`: columns to ignore. */
    skip: z.array(z.string()).optional(),
  })
  .strict() satisfies z.ZodType<ColumnMapping>;

/** `--map` value: inline JSON, or a path to a .json/.yaml/.yml file. */
export function parseMappingSpec(spec: string): ColumnMapping {
  let doc: unknown;
  const text = spec.trim();
  try {
    doc = text.startsWith('{') ? JSON.parse(text) : parseYaml(readFileSync(text, 'utf8'));
  } catch (e) {
    throw new XinzhiError('BAD_INPUT', `--map: cannot read "${spec}": ${(e as Error).message}`, {
      field: 'map',
      cause: e,
    });
  }
  const r = columnMappingSchema.safeParse(doc);
  if (!r.success) {
    const issues = issuesFromZod(r.error);
    const i = issues[0]!;
    throw issuesError(issues, {
      field: 'map',
      prefix: 'map',
      detail: `--map: ${i.where ?? 'mapping'} ${i.message}`,
    });
  }
  return r.data;
}
