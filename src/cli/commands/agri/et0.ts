/** `xinzhi agri et0`: FAO-56 Penman–Monteith ET0 per day from a weather CSV. */
import type { Command } from '@commander-js/extra-typings';
import { agriculture as agri } from '../../../domains/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption, requiredNumberFlag } from '../../options.js';
import { readText, table, unwrap } from './input.js';

export function registerEt0(agriCmd: Command, ctx: CliContext): void {
  agriCmd
    .command('et0')
    .description('FAO-56 Penman–Monteith ET0 per day from a weather CSV (columns: docs/agriculture.md)')
    .requiredOption('--daily <weather.csv>', 'daily weather CSV')
    .requiredOption('--lat <deg>', 'latitude, decimal degrees (north positive)')
    .requiredOption('--elevation <m>', 'station elevation, metres')
    .option(
      '--krs <k>',
      'Hargreaves radiation coefficient when Rs is missing: 0.16 interior, 0.19 coastal',
      '0.16',
    )
    .option(
      '--arid-offset <degC>',
      'Ko of Tdew = Tmin − Ko when humidity is missing (0 humid, 2–3 arid)',
      '0',
    )
    .addOption(jsonOption())
    .action(
      action(ctx, (opts) => {
        const site = {
          latitudeDeg: requiredNumberFlag('--lat', opts.lat),
          elevationM: requiredNumberFlag('--elevation', opts.elevation),
        };
        const rows = unwrap(agri.parseWeatherCsv(readText(opts.daily, '--daily'), opts.daily));
        const result = unwrap(
          agri.et0Series(site, rows, {
            kRs: requiredNumberFlag('--krs', opts.krs),
            aridityOffsetC: requiredNumberFlag('--arid-offset', opts.aridOffset),
          }),
        );
        if (opts.json)
          return printJson(ctx, { site, method: 'FAO-56 Penman-Monteith (Eq. 6)', rows: result });
        table(
          ctx,
          ['date', 'ET0 mm', 'Rs MJ', 'Rn MJ', 'u2 m/s', 'estimated'],
          result.map((r) => [
            r.date,
            r.et0.toFixed(2),
            r.rs.toFixed(2),
            r.rn.toFixed(2),
            r.u2.toFixed(2),
            r.estimated.length ? r.estimated.map((e) => e.split(' (')[0]).join('; ') : '—',
          ]),
        );
      }),
    );
}
