/** `xinzhi series set <id>`: change a series' settings (range, retention, interval, signal, unit). */
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { changeSeriesUnit, type UnitChange } from '../../../ingest/index.js';
import type { SeriesInput } from '../../../store/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';
import { settingFlags, settingsLine } from './settings.js';

export function registerSet(cmd: Command, ctx: CliContext): void {
  cmd
    .command('set <id>')
    .description('change settings of a series ("none" clears a value)')
    .option('--min <value>', 'physical minimum (in the series unit); values below are quarantined')
    .option('--max <value>', 'physical maximum; values above are quarantined')
    .option('--retention-days <days>', 'delete raw points older than this (rollups stay)')
    .option('--interval <duration>', 'expected sampling interval (10s, 1m…) for gaps and completeness')
    .option('--description <text>', 'free text')
    .option('--signal <type>', 'gauge, counter or state: stuck and outlier checks apply to gauges only')
    .option(
      '--unit <ucum>',
      'store the series in this unit, converting stored points, rollups and limits (same quantity only)',
    )
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id, opts) => {
        const settings = settingFlags(opts);
        if (opts.unit !== undefined && opts.unit.trim() === '')
          throw new XinzhiError('BAD_INPUT', '--unit must not be empty', { field: '--unit' });
        let change: UnitChange | undefined;
        const updated = await withExistingStore(opts, async (s) => {
          if (!(await s.getSeries(id)))
            throw new XinzhiError('NOT_FOUND', `no series "${id}"`, { field: 'id' });
          // The unit first: limits given with it are in the new unit.
          if (opts.unit !== undefined) change = await changeSeriesUnit(s, id, opts.unit);
          const cur = (await s.getSeries(id))!;
          const input: SeriesInput = {
            assetId: cur.assetId,
            metric: cur.metric,
            unit: cur.unit,
            ...settings,
          };
          return s.upsertSeries(input);
        });
        const conversion =
          change === undefined
            ? undefined
            : {
                from: change.from,
                to: change.series.unit,
                points: change.points,
                factor: change.factor,
                offset: change.offset,
              };
        if (opts.json) printJson(ctx, conversion === undefined ? updated : { ...updated, conversion });
        else
          ctx.stdout(
            (conversion === undefined
              ? ''
              : `converted ${conversion.points} points and their rollups from ${conversion.from} to ${conversion.to} (v × ${conversion.factor} + ${conversion.offset})\n`) +
              settingsLine(updated),
          );
      }),
    );
}
