/** `xinzhi agri field set`: store a field asset's crop, soil and sensor settings from a JSON file. */
import { readFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { dbOption, jsonOption } from '../../options.js';
import { withFarm } from './farm.js';

export function registerFieldSet(field: Command, ctx: CliContext): void {
  field
    .command('set')
    .description('set the settings from a JSON file (format: docs/agriculture.md)')
    .requiredOption('--field <asset>', 'field asset id')
    .requiredOption('--file <params.json>', 'crop, soil, plantingDate, areaHa, station, latitude, elevation…')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        let json: unknown;
        try {
          json = JSON.parse(readFileSync(opts.file, 'utf8'));
        } catch (e) {
          throw new XinzhiError('BAD_INPUT', `${opts.file}: ${(e as Error).message}`, { field: '--file' });
        }
        const p = await withFarm(opts, (farm) => farm.setParams(opts.field, json));
        if (opts.json) return printJson(ctx, { field: opts.field, params: p });
        ctx.stdout(`${opts.field}: settings stored`);
      }),
    );
}
