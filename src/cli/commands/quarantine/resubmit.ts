/** `xinzhi quarantine resubmit [id]`: fix and resubmit one row or every open row of an import or series. */

import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { resubmitAll, resubmitQuarantine } from '../../../ingest/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';
import { bulkSummary, pipelineOf, progressBar, target } from './shared.js';

export function registerResubmit(cmd: Command, ctx: CliContext): void {
  withDbAndJson(
    cmd
      .command('resubmit [id]')
      .description(
        're-read a row (optionally fixed) and ingest it; it stays open if still invalid. With --import/--series: every open row as it is, with a total',
      )
      .option('--import <n>', 'every open row of this import')
      .option('--raw <text>', 'corrected verbatim text (CSV line in the import layout, or a JSON reading)')
      .option('--series <id>', 'with an id: corrected series id; without: every open row of this series')
      .option('--ts <time>', 'corrected time (ISO 8601 or epoch)')
      .option('--value <number>', 'corrected value')
      .option('--unit <unit>', 'corrected unit'),
  ).action(
    action(ctx, async (id, opts) => {
      // With a row id, --series is its correction; without one, it selects rows.
      const t = target(id, id === undefined ? opts : { import: opts.import });
      if (typeof t === 'number') {
        const r = await withExistingStore(opts, (store) =>
          resubmitQuarantine(
            t,
            { raw: opts.raw, seriesId: opts.series, ts: opts.ts, value: opts.value, unit: opts.unit },
            { store, pipeline: pipelineOf(store) },
          ),
        );
        if (opts.json) printJson(ctx, r);
        else
          ctx.stdout(
            `#${t} resubmitted: ${r.accepted} accepted, ${r.duplicates} duplicates (${r.series.join(', ')})`,
          );
        return;
      }
      const fixes = (['raw', 'ts', 'value', 'unit'] as const).filter((k) => opts[k] !== undefined);
      if (fixes.length > 0)
        throw new XinzhiError(
          'BAD_INPUT',
          `--${fixes[0]} fixes one row: give its id (bulk resubmits rows as they are)`,
          {
            field: `--${fixes[0]}`,
          },
        );
      const bar = progressBar(opts.json);
      const r = await withExistingStore(opts, (store) =>
        resubmitAll(t, { store, pipeline: pipelineOf(store) }, (done, total) => {
          if (done === 1) bar?.start(total, 0);
          bar?.update(done);
        }),
      ).finally(() => bar?.stop());
      if (opts.json) printJson(ctx, r);
      else ctx.stdout(bulkSummary(t, r));
    }),
  );
}
