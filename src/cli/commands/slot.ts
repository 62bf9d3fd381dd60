/**
 * `xinzhi slot <skus.csv> <locations.csv>`: the SKU-to-location assignment with least expected
 * picking travel and the saving against the current layout (CSV columns: docs/routing.md).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { type ErrorCode, type Issue, issuesError, type Result, XinzhiError } from '../../core/index.js';
import { parseLocationsCsv, parseSkusCsv, slotSkus } from '../../optimize/slotting/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { jsonOption } from '../options.js';

function unwrap<T>(r: Result<T>, code: ErrorCode = 'BAD_INPUT'): T {
  if (r.ok) return r.value;
  const list = r.issues.map((i: Issue) => `${i.where ? `${i.where}: ` : ''}${i.message}`);
  throw issuesError(r.issues, {
    code: r.issues[0]?.code === 'INFEASIBLE' ? 'INFEASIBLE' : code,
    fallback: 'input',
    detail: `${r.issues.length} problem(s): ${list.join('; ')}`,
  });
}

function read(path: string, field: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new XinzhiError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`, { field, cause: e });
  }
}

export const register = (program: Command, ctx: CliContext): void => {
  program
    .command('slot <skus> <locations>')
    .description('assign SKUs to pick locations minimising expected travel (exact)')
    .addOption(jsonOption())
    .action(
      action(ctx, (skusFile, locFile, o) => {
        const skus = unwrap(parseSkusCsv(read(skusFile, 'skus'), basename(skusFile)));
        const locs = unwrap(parseLocationsCsv(read(locFile, 'locations'), basename(locFile)));
        const r = unwrap(slotSkus(skus, locs));
        if (o.json) return printJson(ctx, r);
        for (const a of r.assignments) ctx.stdout(`${a.sku} → ${a.location}  (travel ${a.travel})`);
        ctx.stdout(`expected travel ${r.travel} (${r.method})`);
        if (r.currentTravel !== undefined)
          ctx.stdout(`current layout ${r.currentTravel}; saving ${r.saving} (${r.savingPct?.toFixed(1)} %)`);
      }),
    );
};
