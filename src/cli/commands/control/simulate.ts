/** `xinzhi control simulate`: closed-loop step and load responses of a PID on a process. */
import type { Command } from '@commander-js/extra-typings';
import { atOperatingPoint, simulateClosedLoop, TankPlant, ThermalPlant } from '../../../control/index.js';
import { XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { finiteOrNull, num, plantOf, processOptions } from './process.js';

export function registerSimulate(control: Command, ctx: CliContext): void {
  processOptions(
    control
      .command('simulate')
      .description('closed-loop step and load responses of a PID (ideal form) on a process'),
  )
    .requiredOption('--kp <Kc>', 'controller gain Kc (ideal form)')
    .option('--ti <s>', 'integral time Ti, seconds (omit for none)')
    .option('--td <s>', 'derivative time Td, seconds', '0')
    .option('--b <b>', 'setpoint weight on P', '1')
    .option('--n <N>', 'derivative filter Tf = Td/N', '10')
    .option(
      '--setpoint-step <size>',
      'setpoint step at t = 0, in PV units (oven: K, tank: m) above the steady PV the loop starts from',
      '1',
    )
    .option(
      '--operating-point <op>',
      'oven and tank: the steady controller output (duty or pump speed, 0..1) the loop starts from (default: oven 0.5, tank the speed matching the outflow)',
    )
    .option('--load-step <size>', 'load step at the plant input, at half the duration', '0')
    .option('--duration <s>', 'simulated seconds (default 20·(θ + time constants))')
    .option(
      '--sample-time <s>',
      'simulate the discrete PID at this sample time instead of the continuous one',
    )
    .action(
      action(ctx, (o) => {
        const { plant, spec } = plantOf(o);
        // The oven and tank are nonlinear and in absolute units (°C, m), with an output limited
        // to 0..1: stepping the setpoint from 0 would ask for a temperature below ambient. The
        // loop therefore starts in steady state at an operating point and every step is a change
        // from that PV, as an operator's setpoint change would be.
        const twin = plant instanceof ThermalPlant || plant instanceof TankPlant;
        const op0 = num(
          'operating-point',
          o.operatingPoint,
          plant instanceof TankPlant ? plant.outflow / plant.p.maxInflow : 0.5,
        );
        if (twin && !(op0 > 0 && op0 < 1))
          throw new XinzhiError('BAD_INPUT', '--operating-point must be between 0 and 1 (exclusive)', {
            field: 'operating-point',
          });
        const around = twin ? atOperatingPoint(plant, op0) : { model: plant, pv0: 0 };
        const kc = num('kp', o.kp);
        const ti = o.ti === undefined ? Number.POSITIVE_INFINITY : num('ti', o.ti);
        const td = num('td', o.td);
        const b = num('b', o.b);
        const n = num('n', o.n);
        const spSize = num('setpoint-step', o.setpointStep);
        const ldSize = num('load-step', o.loadStep);
        const span =
          spec?.type === 'fopdt'
            ? spec.tau + spec.deadTime
            : spec?.type === 'sopdt'
              ? spec.tau1 + spec.tau2 + spec.deadTime
              : spec?.type === 'integrating'
                ? Math.max(spec.deadTime, Number.isFinite(ti) ? ti : 1)
                : plant instanceof ThermalPlant
                  ? 2000
                  : 100;
        const duration =
          o.duration === undefined
            ? 20 * span * (ldSize !== 0 && spSize !== 0 ? 2 : 1)
            : num('duration', o.duration);
        const loadAt = spSize !== 0 ? duration / 2 : 0;
        const controller =
          o.sampleTime === undefined
            ? { kind: 'continuous' as const, kc, ti, td, b, n }
            : {
                kind: 'discrete' as const,
                pid: {
                  sampleTime: num('sample-time', o.sampleTime),
                  kp: kc,
                  ki: Number.isFinite(ti) ? kc / ti : 0,
                  kd: kc * td,
                  b,
                  n,
                },
              };
        const r = simulateClosedLoop({
          plant: around.model,
          controller,
          setpointStep: { at: 0, size: spSize },
          loadStep: { at: ldSize !== 0 ? loadAt : duration, size: ldSize },
          duration,
        });
        const s = r.setpoint;
        const l = r.load;
        const out = {
          iae: s?.iae ?? l?.iae ?? 0,
          ise: s?.ise ?? l?.ise ?? 0,
          itae: s?.itae ?? null,
          overshoot: s ? s.overshoot : null,
          rise_time: s ? finiteOrNull(s.riseTime) : null,
          settling_time: s ? finiteOrNull(s.settlingTime) : null,
          ie: s?.ie ?? l?.ie ?? 0,
          peak: s?.peak ?? null,
          load: l
            ? {
                at: loadAt,
                iae: l.iae,
                ie: l.ie,
                ise: l.ise,
                max_abs_dev: l.maxAbsDev,
                time_of_max: l.timeOfMax,
              }
            : null,
          units: { overshoot: '% of the step', times: 's', settling_band: '±2 % of the step' },
          controller: {
            form: 'ideal',
            kp: kc,
            ti: finiteOrNull(ti),
            td,
            b,
            n,
            sample_time: o.sampleTime === undefined ? null : Number(o.sampleTime),
          },
          process: plant.label,
          operating_point: twin
            ? { output: op0, pv: around.pv0, setpoint_after_step: around.pv0 + spSize }
            : null,
          duration,
          dt: r.dt,
        };
        if (o.json) printJson(ctx, out);
        else {
          ctx.stdout(`${plant.label}, PID Kc=${kc} Ti=${ti} Td=${td} over ${duration} s`);
          if (twin)
            ctx.stdout(
              `starts steady at output ${op0} (PV ${around.pv0.toPrecision(5)}); setpoint steps to ${(around.pv0 + spSize).toPrecision(5)}`,
            );
          if (s)
            ctx.stdout(
              `setpoint: IAE ${s.iae.toPrecision(5)}  ISE ${s.ise.toPrecision(5)}  ITAE ${s.itae.toPrecision(5)}  overshoot ${s.overshoot.toFixed(2)} %  rise ${s.riseTime.toPrecision(4)} s  settling(2 %) ${s.settlingTime.toPrecision(4)} s`,
            );
          if (l)
            ctx.stdout(
              `load: IAE ${l.iae.toPrecision(5)}  IE ${l.ie.toPrecision(5)}  max |dev| ${l.maxAbsDev.toPrecision(4)} at +${l.timeOfMax.toPrecision(4)} s`,
            );
        }
      }),
    );
}
