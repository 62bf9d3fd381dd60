/** `xinzhi control tune`: PID settings from a tuning rule (ideal/ISA form). */
import type { Command } from '@commander-js/extra-typings';
import { type ControllerType, TUNING_RULES, type TuningRule, tune } from '../../../control/index.js';
import { XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { finiteOrNull, num, processOptions, specOf } from './process.js';

export function registerTune(control: Command, ctx: CliContext): void {
  processOptions(control.command('tune').description('PID settings from a tuning rule (ideal/ISA form)'))
    // SIMC (Skogestad 2003) is the default: one rule for fopdt, sopdt and integrating processes,
    // robust with τc = θ, and it needs no choice from someone who just wants sane settings.
    .option('--rule <rule>', `${TUNING_RULES.join(' | ')} (default simc)`, 'simc')
    .option('--type <type>', 'p | pi | pid (default per rule)')
    .option('--tau-c <s>', 'closed-loop time constant τc (SIMC) or λ (lambda, IMC)')
    .action(
      action(ctx, (o) => {
        if (!(TUNING_RULES as readonly string[]).includes(o.rule))
          throw new XinzhiError('BAD_INPUT', `--rule must be one of ${TUNING_RULES.join(', ')}`, {
            field: 'rule',
          });
        const type = o.type?.toUpperCase();
        if (type !== undefined && !['P', 'PI', 'PID'].includes(type))
          throw new XinzhiError('BAD_INPUT', '--type must be p, pi or pid', { field: 'type' });
        const t = tune(specOf(o), o.rule as TuningRule, {
          type: type as ControllerType | undefined,
          tauC: o.tauC === undefined ? undefined : num('tau-c', o.tauC),
        });
        const out = {
          kp: t.kc,
          ti: finiteOrNull(t.ti),
          td: t.td,
          form: 'ideal' as const,
          equation: 'u = kp·(e + (1/ti)·∫e dt + td·de/dt)',
          parallel: { kp: t.kc, ki: Number.isFinite(t.ti) ? t.kc / t.ti : 0, kd: t.kc * t.td },
          rule: t.rule,
          type: t.type,
          ...(t.tauC === undefined ? {} : { tau_c: t.tauC }),
          ...(t.series ? { series: { ...t.series, ti: finiteOrNull(t.series.ti) } } : {}),
        };
        if (o.json) printJson(ctx, out);
        else
          ctx.stdout(
            `${t.rule} ${t.type} (ideal form): Kc = ${t.kc.toPrecision(6)}, Ti = ${Number.isFinite(t.ti) ? `${t.ti.toPrecision(6)} s` : '∞'}, Td = ${t.td.toPrecision(6)} s`,
          );
      }),
    );
}
