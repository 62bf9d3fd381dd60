/** `xinzhi control identify`: fit a FOPDT (or integrating) model to a step test. */
import { readFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { fitFopdt, fitIntegrating, twoPointFopdt } from '../../../control/index.js';
import { XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { readStepCsv } from './step-csv.js';

export function registerIdentify(control: Command, ctx: CliContext): void {
  control
    .command('identify <csv>')
    .description('fit a FOPDT (or integrating) model to a step test; CSV columns t,u,y')
    .option('--model <model>', 'fopdt | integrating', 'fopdt')
    .option('--method <method>', 'least-squares | smith | sk (two-point, fopdt only)', 'least-squares')
    .addOption(jsonOption())
    .action(
      action(ctx, (file, o) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          throw new XinzhiError('NOT_FOUND', `cannot read ${file}`, { field: file, cause: e });
        }
        const data = readStepCsv(text, file);
        let out: Record<string, unknown>;
        if (o.model === 'integrating') {
          const f = fitIntegrating(data);
          out = { model: 'integrating', gain: f.gain, dead_time: f.deadTime, y0: f.y0, fit_rmse: f.fitRmse };
        } else if (o.model === 'fopdt') {
          const m = o.method;
          if (!['least-squares', 'smith', 'sk'].includes(m))
            throw new XinzhiError('BAD_INPUT', '--method must be least-squares, smith or sk', {
              field: 'method',
            });
          const f =
            m === 'least-squares'
              ? fitFopdt(data)
              : twoPointFopdt(data, m === 'sk' ? 'sundaresan-krishnaswamy' : 'smith');
          out = {
            model: 'fopdt',
            gain: f.gain,
            tau: f.tau,
            dead_time: f.deadTime,
            y0: f.y0,
            fit_rmse: f.fitRmse,
            method: f.method,
            samples: data.t.length,
          };
        } else throw new XinzhiError('BAD_INPUT', '--model must be fopdt or integrating', { field: 'model' });
        if (o.json) printJson(ctx, out);
        else
          ctx.stdout(
            Object.entries(out)
              .map(([k, v]) => `${k}: ${typeof v === 'number' ? v.toPrecision(6) : v}`)
              .join('\n'),
          );
      }),
    );
}
