/**
 * `xinzhi control …`: PID tuning rules, identification from a step test, closed-loop simulation and a
 * relay auto-tune on a simulated plant. Every subcommand with `--json` prints one JSON document.
 *
 *   xinzhi control tune --process fopdt --gain 2 --tau 10 --dead-time 1 --rule simc --json
 *   xinzhi control identify step.csv --json            (CSV columns: t, u, y — see docs/control.md)
 *   xinzhi control simulate --process fopdt --gain 1 --tau 1 --dead-time 1 --kp 0.5 --ti 1 --json
 *   xinzhi control relay --process fopdt --gain 1 --tau 1 --dead-time 1 --json
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import {
  atOperatingPoint,
  type ControllerType,
  fitFopdt,
  fitIntegrating,
  linearPlant,
  type PlantModel,
  type ProcessSpec,
  relayExperiment,
  type StepData,
  simulateClosedLoop,
  TankPlant,
  ThermalPlant,
  TUNING_RULES,
  type TuningRule,
  tune,
  twoPointFopdt,
  ultimatePoint,
  zieglerNicholsUltimate,
} from '../../control/index.js';
import { parseTime, XinzhiError } from '../../core/index.js';
import { action, type CliContext, printJson } from '../context.js';

interface ProcessFlags {
  process?: string;
  gain?: string;
  tau?: string;
  tau2?: string;
  deadTime?: string;
  json?: boolean;
}

function num(flag: string, v: string | undefined, dflt?: number): number {
  if (v === undefined) {
    if (dflt !== undefined) return dflt;
    throw new XinzhiError('BAD_INPUT', `--${flag} is required`, { field: flag });
  }
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n))
    throw new XinzhiError('BAD_INPUT', `--${flag} must be a number, got '${v}'`, { field: flag });
  return n;
}

/** A linear process spec from --process/--gain/--tau/--tau2/--dead-time. */
function specOf(o: ProcessFlags): ProcessSpec {
  const deadTime = num('dead-time', o.deadTime, 0);
  switch (o.process ?? 'fopdt') {
    case 'fopdt':
      return { type: 'fopdt', gain: num('gain', o.gain), tau: num('tau', o.tau), deadTime };
    case 'sopdt':
      return {
        type: 'sopdt',
        gain: num('gain', o.gain),
        tau1: num('tau', o.tau),
        tau2: num('tau2', o.tau2),
        deadTime,
      };
    case 'integrating':
      return { type: 'integrating', gain: num('gain', o.gain), deadTime };
    default:
      throw new XinzhiError(
        'BAD_INPUT',
        `--process must be fopdt, sopdt or integrating (oven and tank: simulate/relay only), got '${o.process}'`,
        {
          field: 'process',
        },
      );
  }
}

/** A plant model: a linear spec, or the oven/tank twins (nonlinear, with their documented defaults). */
function plantOf(o: ProcessFlags): { plant: PlantModel; spec: ProcessSpec | null } {
  if (o.process === 'oven') return { plant: new ThermalPlant(), spec: null };
  if (o.process === 'tank') return { plant: new TankPlant(), spec: null };
  const spec = specOf(o);
  return { plant: linearPlant(spec), spec };
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

const processOptions = (c: Command): Command =>
  c
    .option('--process <type>', 'fopdt | sopdt | integrating (simulate and relay also: oven | tank)', 'fopdt')
    .option('--gain <K>', "process gain K (integrating: slope k')")
    .option('--tau <s>', 'time constant τ (sopdt: τ1), seconds')
    .option('--tau2 <s>', 'second time constant τ2 (sopdt), seconds')
    .option('--dead-time <s>', 'dead time θ, seconds', '0')
    .option('--json', 'print one JSON document');

function registerTune(control: Command, ctx: CliContext): void {
  processOptions(control.command('tune').description('PID settings from a tuning rule (ideal/ISA form)'))
    // SIMC (Skogestad 2003) is the default: one rule for fopdt, sopdt and integrating processes,
    // robust with τc = θ, and it needs no choice from someone who just wants sane settings.
    .option('--rule <rule>', `${TUNING_RULES.join(' | ')} (default simc)`, 'simc')
    .option('--type <type>', 'p | pi | pid (default per rule)')
    .option('--tau-c <s>', 'closed-loop time constant τc (SIMC) or λ (lambda, IMC)')
    .action(
      action(ctx, (o: ProcessFlags & { rule: string; type?: string; tauC?: string }) => {
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

/** Reads a step-test CSV: header with time (t|time|ts), input (u|op|input|mv) and output (y|pv|output). */
export function readStepCsv(text: string, file = 'step.csv'): StepData {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, comment: '#' }) as string[][];
  } catch (e) {
    throw new XinzhiError('BAD_INPUT', `${file}: not valid CSV (${(e as Error).message})`, {
      field: file,
      cause: e,
    });
  }
  const header = (rows[0] ?? []).map((h) => h.toLowerCase());
  const col = (names: string[], what: string): number => {
    const i = header.findIndex((h) => names.includes(h));
    if (i < 0)
      throw new XinzhiError('BAD_INPUT', `${file}: no ${what} column (one of ${names.join(', ')})`, {
        field: `${file}:1`,
      });
    return i;
  };
  const it = col(['t', 'time', 'ts', 'timestamp'], 'time');
  const iu = col(['u', 'op', 'input', 'mv'], 'input');
  const iy = col(['y', 'pv', 'output', 'cv'], 'output');
  const t: number[] = [];
  const u: number[] = [];
  const y: number[] = [];
  let t0: number | undefined;
  const problems: string[] = [];
  rows.slice(1).forEach((r, k) => {
    const line = k + 2;
    const ts = r[it] ?? '';
    // Plain numbers are seconds; ISO 8601 timestamps are converted to seconds from the first row.
    let sec = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(ts) ? Number(ts) : undefined;
    if (sec === undefined) {
      const ms = parseTime(ts);
      if (ms !== undefined) {
        t0 ??= ms;
        sec = (ms - t0) / 1000;
      }
    }
    const uv = Number(r[iu]);
    const yv = Number(r[iy]);
    if (sec === undefined)
      problems.push(`${file}:${line}: time '${ts}' is not a number of seconds or an ISO 8601 time`);
    else if (r[iu] === undefined || r[iu] === '' || !Number.isFinite(uv))
      problems.push(`${file}:${line}: input '${r[iu] ?? ''}' is not a number`);
    else if (r[iy] === undefined || r[iy] === '' || !Number.isFinite(yv))
      problems.push(`${file}:${line}: output '${r[iy] ?? ''}' is not a number`);
    else {
      t.push(sec);
      u.push(uv);
      y.push(yv);
    }
  });
  if (problems.length > 0)
    throw new XinzhiError(
      'BAD_INPUT',
      `${problems.length} bad row(s):\n${problems.slice(0, 20).join('\n')}`,
      {
        field: problems[0]!.split(':').slice(0, 2).join(':'),
        context: { problems },
      },
    );
  return { t, u, y };
}

function registerIdentify(control: Command, ctx: CliContext): void {
  control
    .command('identify <csv>')
    .description('fit a FOPDT (or integrating) model to a step test; CSV columns t,u,y')
    .option('--model <model>', 'fopdt | integrating', 'fopdt')
    .option('--method <method>', 'least-squares | smith | sk (two-point, fopdt only)', 'least-squares')
    .option('--json', 'print one JSON document')
    .action(
      action(ctx, (file: string, o: { model: string; method: string; json?: boolean }) => {
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

function registerSimulate(control: Command, ctx: CliContext): void {
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
      action(
        ctx,
        (
          o: ProcessFlags & {
            kp: string;
            ti?: string;
            td: string;
            b: string;
            n: string;
            setpointStep: string;
            loadStep: string;
            duration?: string;
            sampleTime?: string;
            operatingPoint?: string;
          },
        ) => {
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
        },
      ),
    );
}

function registerRelay(control: Command, ctx: CliContext): void {
  processOptions(
    control
      .command('relay')
      .description('relay auto-tune on a simulated plant: Ku, Pu and Ziegler–Nichols settings'),
  )
    .option('--amplitude <d>', 'relay amplitude d (output units)', '1')
    .option('--hysteresis <e>', 'relay hysteresis ε (PV units)', '0')
    .option('--setpoint <r>', 'setpoint the relay switches around (oven: °C, tank: m)')
    .action(
      action(ctx, (o: ProcessFlags & { amplitude: string; hysteresis: string; setpoint?: string }) => {
        const { plant, spec } = plantOf(o);
        const d = num('amplitude', o.amplitude);
        // The oven and tank run in absolute units: the relay works around a bias in the middle of the range.
        // The tank rests where the pump matches the outflow; the oven anywhere (half duty here).
        const twin = plant instanceof ThermalPlant || plant instanceof TankPlant;
        const bias = plant instanceof TankPlant ? plant.outflow / plant.p.maxInflow : 0.5;
        const r = relayExperiment(twin ? biased(plant, bias) : plant, {
          amplitude: twin ? Math.min(d, bias, 1 - bias) : d,
          hysteresis: num('hysteresis', o.hysteresis),
          setpoint: num('setpoint', o.setpoint, twin ? plant.output(plant.initialState(bias)) : 0),
          ...(twin ? { startBand: 0 } : {}),
        });
        const zn = zieglerNicholsUltimate(r, 'PID');
        const truth = spec && spec.type !== 'integrating' ? ultimatePoint(spec) : null;
        const out = {
          amplitude: r.amplitude,
          period: r.period,
          ku: r.ku,
          pu: r.pu,
          cycles: r.cycles,
          true_ultimate: truth ? { ku: truth.ku, pu: truth.pu } : null,
          zn_pid: { kp: zn.kc, ti: zn.ti, td: zn.td, form: 'ideal' },
          process: plant.label,
        };
        if (o.json) printJson(ctx, out);
        else
          ctx.stdout(
            `relay d=${d}: a = ${r.amplitude.toPrecision(6)}, P = ${r.period.toPrecision(6)} s → Ku ≈ ${r.ku.toPrecision(6)}, Pu ≈ ${r.pu.toPrecision(6)} s${truth ? ` (true Ku ${truth.ku.toPrecision(6)}, Pu ${truth.pu.toPrecision(6)} s)` : ''}\nZN PID: Kc ${zn.kc.toPrecision(5)}, Ti ${zn.ti.toPrecision(5)} s, Td ${zn.td.toPrecision(5)} s`,
          );
      }),
    );
}

/** The plant seen through an input bias: relay output ±d around `bias`, starting at rest at the bias. */
function biased(plant: PlantModel, bias: number): PlantModel {
  return {
    label: plant.label,
    order: plant.order,
    deadTime: plant.deadTime,
    fastestTime: plant.fastestTime,
    derivative: (x, u, out) => plant.derivative(x, u + bias, out),
    output: (x) => plant.output(x),
    initialState: (u0) => plant.initialState(u0 + bias),
    ...(plant.constrain ? { constrain: (x: Float64Array) => plant.constrain!(x) } : {}),
  };
}

/** Registers `xinzhi control` (a RegisterCommand; typed inline to keep commands/index.ts free of cycles). */
export const register = (program: Command, ctx: CliContext): void => {
  const control = program
    .command('control')
    .description('PID tuning, identification, simulation and relay auto-tune');
  registerTune(control, ctx);
  registerIdentify(control, ctx);
  registerSimulate(control, ctx);
  registerRelay(control, ctx);
};
