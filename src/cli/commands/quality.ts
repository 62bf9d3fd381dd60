import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../core/index.js';
import { allSeriesQuality, importQuality, type SeriesQuality, seriesQuality } from '../../ingest/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { openExistingStore } from '../open-store.js';
import { dbOption, jsonOption } from '../options.js';
import type { RegisterCommand } from './index.js';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const row = (q: SeriesQuality): string =>
  [
    q.score.toFixed(1).padStart(5),
    pct(q.completeness).padStart(7),
    pct(q.validity).padStart(7),
    String(q.points).padStart(9),
    String(q.quarantined).padStart(6),
    String(q.duplicates).padStart(6),
    String(q.outliers).padStart(6),
    String(q.gaps.count).padStart(5),
    String(q.stuck.runs).padStart(5),
    pct(q.freshness).padStart(7),
    `  ${q.series}`,
  ].join(' ');
const HEADER = 'score  compl.   valid.    points  quar.   dup.  outl.  gaps stuck  fresh.  series';

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('quality')
    .description(
      'data-quality report per series or per import: completeness, validity, duplicates, outliers, gaps, freshness, score',
    )
    .option('--series <id>', 'one series')
    .option('--import <id>', 'one import (its counts and the series it touched)')
    .option('--asset <id>', 'series of this asset only')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        const store = await openExistingStore({ db: opts.db });
        const now = Date.now();
        try {
          if (opts.import !== undefined) {
            const id = Number(opts.import);
            if (!Number.isInteger(id))
              throw new XinzhiError('BAD_INPUT', '--import must be an import id', { field: '--import' });
            const r = await importQuality(store, id, now);
            if (opts.json) printJson(ctx, r);
            else
              ctx.stdout(
                [
                  `import ${r.import} (${r.file}, ${r.status}): score ${r.score.toFixed(1)}, validity ${pct(r.validity)}, ` +
                    `${r.accepted} accepted, ${r.quarantined} quarantined, ${r.duplicates} duplicates, ${r.outliers} outliers`,
                  HEADER,
                  ...r.series.map(row),
                ].join('\n'),
              );
            return;
          }
          const list =
            opts.series !== undefined
              ? [await seriesQuality(store, opts.series, now)]
              : await allSeriesQuality(store, now, opts.asset);
          if (opts.json) printJson(ctx, opts.series !== undefined ? list[0] : { series: list });
          else ctx.stdout(list.length === 0 ? 'no series yet' : [HEADER, ...list.map(row)].join('\n'));
        } finally {
          await store.close();
        }
      }),
    );
};
