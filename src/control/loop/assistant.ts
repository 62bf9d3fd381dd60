/**
 * The tuning assistant: runs a step or relay test on a *copy* of a loop's plant model (never on the live
 * plant), identifies it, proposes settings with a tuning rule, and compares current and proposed tuning
 * in closed-loop simulation of the same model — with the loop's real sample time, limits, anti-windup
 * and setpoint weights, so the comparison shows what the running loop would do.
 *
 * Everything runs around the operating point (the current output and its steady PV), in deviation
 * variables, and is reported back in absolute units for the faceplate.
 */
import { XinzhiError } from '../../core/index.js';
import { idealToParallel } from '../pid/forms.js';
import { type ClosedLoopResult, simulateClosedLoop, simulateStep } from '../plants/closed-loop.js';
import type { SetpointMetrics } from '../plants/metrics.js';
import type { PlantModel } from '../plants/plant.js';
import { type FopdtFit, fitFopdt } from '../tuning/identify.js';
import { relayExperiment } from '../tuning/relay.js';
import { type ControllerType, type Tuning, zieglerNicholsUltimate } from '../tuning/rules.js';
import { type TuningRule, tune } from '../tuning/tune.js';
import type { LoopConfig, LoopTuning } from './loop-config.js';
import { atOperatingPoint, buildPlant, type PlantSpec } from './plant-spec.js';
import { PlantTwin } from './plant-twin.js';

export interface AssistantRequest {
  readonly plant: PlantSpec;
  readonly config: LoopConfig;
  /** Steady output the tests start from; default the loop's manual output. */
  readonly op0?: number;
  readonly test: 'step' | 'relay';
  /** Step size or relay amplitude, in output units; default 10 % of the output range. */
  readonly size?: number;
  /** Step tests: any rule of `tune`; relay tests use Ziegler–Nichols ultimate. Default `simc`. */
  readonly rule?: TuningRule;
  readonly type?: ControllerType;
  readonly tauC?: number;
  /** Setpoint step for the comparison, PV units; default the PV change of the test step. */
  readonly setpointStep?: number;
  /** Points per returned curve; default 300. */
  readonly points?: number;
}

export interface Curve {
  readonly t: number[];
  readonly pv: number[];
  readonly op: number[];
  readonly sp: number[];
}

export interface ComparisonSide {
  readonly tuning: Pick<LoopTuning, 'kc' | 'ti' | 'td'>;
  readonly metrics: SetpointMetrics | null;
  readonly curve: Curve;
}

export interface AssistantResult {
  readonly test: 'step' | 'relay';
  readonly op0: number;
  readonly pv0: number;
  /** The test record (OP and PV against time). */
  readonly record: { readonly t: number[]; readonly op: number[]; readonly pv: number[] };
  /** Step test: the fitted FOPDT. */
  readonly model: FopdtFit | null;
  /** Relay test: ultimate gain and period. */
  readonly ultimate: { readonly ku: number; readonly pu: number; readonly amplitude: number } | null;
  readonly proposed: Tuning;
  readonly comparison: {
    readonly setpointStep: number;
    readonly duration: number;
    readonly current: ComparisonSide;
    readonly proposed: ComparisonSide;
  };
}

const every = (n: number, points: number): number[] => {
  const stride = Math.max(1, Math.ceil(n / points));
  const idx: number[] = [];
  for (let i = 0; i < n; i += stride) idx.push(i);
  if (idx[idx.length - 1] !== n - 1) idx.push(n - 1);
  return idx;
};

export function runAssistant(req: AssistantRequest): AssistantResult {
  const cfg = req.config;
  const range = cfg.limits.outMax - cfg.limits.outMin;
  const op0 = req.op0 ?? cfg.manualOutput;
  if (!Number.isFinite(op0) || op0 < cfg.limits.outMin || op0 > cfg.limits.outMax)
    throw new XinzhiError('BAD_INPUT', `op0 must lie within the output limits`, { field: 'op0' });
  const size = req.size ?? 0.1 * range;
  if (!(size > 0) || !Number.isFinite(size))
    throw new XinzhiError('BAD_INPUT', 'size must be > 0', { field: 'size' });
  const points = req.points ?? 300;
  const { model, pv0 } = atOperatingPoint(buildPlant(req.plant), op0);
  const ts = cfg.sampleTimeMs / 1000;
  // Reverse action means the PV rises with the OP; a direct-acting loop has a negative process gain.
  const sign = cfg.action === 'reverse' ? 1 : -1;

  let fit: FopdtFit | null = null;
  let ultimate: AssistantResult['ultimate'] = null;
  let proposed: Tuning;
  let record: AssistantResult['record'];
  let respScale: number;
  let horizon: number;
  if (req.test === 'step') {
    const duration = settleHorizon(model);
    const s = simulateStep(model, { size, duration });
    // Sample like the loop does (every Ts), with a short steady record before the step.
    const t: number[] = [];
    const u: number[] = [];
    const y: number[] = [];
    const pre = 10;
    for (let i = -pre; i < 0; i++) {
      t.push(i * ts);
      u.push(0);
      y.push(0);
    }
    const stride = Math.max(1, Math.round(ts / (s.t[1]! - s.t[0]!)));
    for (let i = 0; i < s.t.length; i += stride) {
      t.push(s.t[i]!);
      u.push(size);
      y.push(s.y[i]!);
    }
    fit = fitFopdt({ t, u, y });
    proposed = tune(
      { type: 'fopdt', gain: Math.abs(fit.gain), tau: fit.tau, deadTime: fit.deadTime },
      req.rule ?? 'simc',
      {
        ...(req.type === undefined ? {} : { type: req.type }),
        ...(req.tauC === undefined ? {} : { tauC: req.tauC }),
      },
    );
    const keep = every(t.length, points);
    record = {
      t: keep.map((i) => t[i]!),
      op: keep.map((i) => op0 + u[i]!),
      pv: keep.map((i) => pv0 + y[i]!),
    };
    respScale = Math.abs(fit.gain) * size;
    horizon = Math.min(duration, 8 * (fit.tau + fit.deadTime));
  } else {
    if (req.rule !== undefined && req.rule !== 'zn-ultimate')
      throw new XinzhiError('BAD_INPUT', 'a relay test gives the ultimate point: use rule zn-ultimate', {
        field: 'rule',
      });
    // The relay routine expects a rising PV for a rising input: flip the input of a direct-acting loop.
    const relayModel: PlantModel =
      sign > 0 ? model : { ...model, derivative: (x, u, out) => model.derivative(x, -u, out) };
    const r = relayExperiment(relayModel, { amplitude: size, halfCycles: 16 });
    ultimate = { ku: Math.abs(r.ku), pu: r.pu, amplitude: r.amplitude };
    proposed = zieglerNicholsUltimate({ ku: Math.abs(r.ku), pu: r.pu }, req.type ?? 'PID');
    const end = (r.switches[r.switches.length - 1] ?? r.pu * 8) + r.pu;
    record = relayRecord(model, r.switches, sign * size, end, points, op0, pv0);
    respScale = 2 * r.amplitude;
    horizon = 12 * r.pu;
  }

  const spStep = req.setpointStep ?? respScale;
  const side = (tu: Pick<LoopTuning, 'kc' | 'ti' | 'td'>): ComparisonSide => {
    const res = closedLoop(model, cfg, tu, op0, spStep, horizon);
    const keep = every(res.t.length, points);
    return {
      tuning: { kc: tu.kc, ti: tu.ti, td: tu.td },
      metrics: res.setpoint,
      curve: {
        t: keep.map((i) => res.t[i]!),
        pv: keep.map((i) => pv0 + res.y[i]!),
        op: keep.map((i) => op0 + res.u[i]!),
        sp: keep.map((i) => pv0 + res.r[i]!),
      },
    };
  };
  return {
    test: req.test,
    op0,
    pv0,
    record,
    model: fit,
    ultimate,
    proposed,
    comparison: {
      setpointStep: spStep,
      duration: horizon,
      current: side(cfg.tuning),
      proposed: side(proposed),
    },
  };
}

/** Long enough for the open-loop step to settle: grows until the PV stops moving (or 1e5 s). */
function settleHorizon(model: PlantModel): number {
  let d = Math.max(20 * model.fastestTime, 10 * model.deadTime, 10);
  for (; d < 1e5; d *= 2) {
    const s = simulateStep(model, { size: 1, duration: d });
    const n = s.y.length;
    const last = s.y[n - 1]!;
    const at90 = s.y[Math.floor(n * 0.8)]!;
    if (Math.abs(last - at90) <= 0.005 * Math.max(Math.abs(last), 1e-12)) return d;
  }
  throw new XinzhiError('BAD_INPUT', 'the plant does not settle after a step: use a relay test', {
    field: 'test',
  });
}

/** The loop's discrete PID (sample time, limits, anti-windup, weights) on the model. */
function closedLoop(
  model: PlantModel,
  cfg: LoopConfig,
  tu: Pick<LoopTuning, 'kc' | 'ti' | 'td'>,
  op0: number,
  spStep: number,
  duration: number,
): ClosedLoopResult {
  const par = idealToParallel({ kc: tu.kc, ti: tu.ti, td: tu.td });
  return simulateClosedLoop({
    plant: model,
    controller: {
      kind: 'discrete',
      pid: {
        sampleTime: cfg.sampleTimeMs / 1000,
        ...par,
        b: cfg.tuning.b,
        c: cfg.tuning.c,
        n: cfg.tuning.n,
        outMin: cfg.limits.outMin - op0,
        outMax: cfg.limits.outMax - op0,
        rateLimit: cfg.limits.rateLimit,
        antiWindup: cfg.antiWindup,
        action: cfg.action,
      },
    },
    setpointStep: { at: 0, size: spStep },
    duration,
  });
}

/** Replays the relay's output on a twin of the model for the chart (the estimates come from the exact run). */
function relayRecord(
  model: PlantModel,
  switches: readonly number[],
  d: number,
  end: number,
  points: number,
  op0: number,
  pv0: number,
): AssistantResult['record'] {
  const twin = new PlantTwin(model);
  const dt = end / points;
  const t: number[] = [];
  const op: number[] = [];
  const pv: number[] = [];
  let u = d;
  let next = 0;
  twin.setInput(u);
  for (let k = 0; k <= points; k++) {
    const time = k * dt;
    while (next < switches.length && switches[next]! <= time) {
      u = -u;
      next++;
    }
    twin.setInput(u);
    t.push(time);
    op.push(op0 + u);
    pv.push(pv0 + twin.pv);
    twin.advance(dt);
  }
  return { t, op, pv };
}
