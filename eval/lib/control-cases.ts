/**
 * Runs every case of `shared/benchmarks/control/cases.json` through the control engine and returns
 * one row per checked number. Shared by `eval/control.eval.ts` (the table) and `eval/control.test.ts`.
 *
 * Tolerances (from the benchmark README, tightened where the engine allows):
 * - closed forms (tuning rules, ultimate point, exact relay cycle, margins, discrete sequences): the
 *   printed precision of the expected value, i.e. |got − expected| ≤ ½·10^(−decimals), with at least
 *   6 decimals assumed for tuning values printed as e.g. `1.0`;
 * - simulated closed-loop metrics: 0.5 % relative;
 * - the simulated relay cycle of 1/(s+1)^3 (the reference itself is simulated to ~1e-4): 0.1 % relative;
 * - MATLAB stepinfo fine-grid values (printed to 4 digits; the README suggests ~1 %): 0.1 % relative.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  amigo,
  cohenCoon,
  DiscreteFopdt,
  imcPid,
  lambdaPi,
  linearPlant,
  loopMargins,
  Pid,
  type ProcessSpec,
  relayEstimates,
  relayExperiment,
  relayLimitCycleFopdt,
  setpointMetrics,
  simcIntegrating,
  simcPi,
  simcPidSopdt,
  simulateClosedLoop,
  simulateStep,
  ultimatePoint,
  zieglerNicholsStep,
  zieglerNicholsUltimate,
} from '../../src/control/index.js';

export interface CaseRow {
  readonly section: string;
  readonly case: string;
  readonly expected: number;
  readonly got: number;
  /** |got − expected| / |expected| (absolute error when expected is 0). */
  readonly relError: number;
  /** Human statement of the tolerance. */
  readonly tolerance: string;
  readonly pass: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Where cases.json is: $XINZHI_BENCHMARKS/control or ../shared/benchmarks/control from the repo root. */
export function casesPath(): string {
  const root = process.env['XINZHI_BENCHMARKS'] ?? resolve(here, '../../../shared/benchmarks');
  return join(root, 'control', 'cases.json');
}

export function loadCases(): Record<string, unknown> | undefined {
  const p = casesPath();
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>) : undefined;
}

const decimals = (x: number): number => {
  const s = String(x);
  if (s.includes('e-')) return Number(s.split('e-')[1]) + (s.split('.')[1]?.split('e')[0]?.length ?? 0);
  return s.split('.')[1]?.length ?? 0;
};

// biome-ignore lint/suspicious/noExplicitAny: cases.json is untyped benchmark data
type Any = any;

export function runControlCases(data: Any): CaseRow[] {
  const rows: CaseRow[] = [];
  const rel = (e: number, g: number): number => (e === 0 ? Math.abs(g) : Math.abs(g - e) / Math.abs(e));
  const printed = (section: string, name: string, e: number, g: number, minDec = 6): void => {
    const tol = 0.5 * 10 ** -Math.max(minDec, decimals(e)) + 1e-12 * Math.abs(e);
    rows.push({
      section,
      case: name,
      expected: e,
      got: g,
      relError: rel(e, g),
      tolerance: `±${tol.toExponential(0)}`,
      pass: Math.abs(g - e) <= tol,
    });
  };
  const relTol = (section: string, name: string, e: number, g: number, tol: number, absFloor = 0): void => {
    const err = rel(e, g);
    rows.push({
      section,
      case: name,
      expected: e,
      got: g,
      relError: err,
      tolerance: `${(tol * 100).toPrecision(2)} %`,
      pass: err <= tol || Math.abs(g - e) <= absFloor,
    });
  };

  // ── tuning rules on six FOPDT processes ──────────────────────────────────────────────────────
  for (const c of data.tuning_rules_fopdt as Any[]) {
    const p = { gain: c.process.K, tau: c.process.tau, deadTime: c.process.theta };
    const id = `K=${p.gain} τ=${p.tau} θ=${p.deadTime}`;
    const S = 'tuning';
    const pi = (name: string, t: { kc: number; ti: number }, e: Any) => {
      printed(S, `${id} ${name} Kc`, e.Kc, t.kc);
      if (e.tauI !== undefined) printed(S, `${id} ${name} τI`, e.tauI, t.ti);
      if (e.Ki !== undefined) printed(S, `${id} ${name} Ki`, e.Ki, t.kc / t.ti);
    };
    const pid = (name: string, t: { kc: number; ti: number; td: number }, e: Any) => {
      pi(name, t, e);
      if (e.tauD !== undefined) printed(S, `${id} ${name} τD`, e.tauD, t.td);
    };
    pi('SIMC PI τc=θ', simcPi(p), c.simc_pi_tauc_eq_theta);
    pi('SIMC PI τc=2θ', simcPi(p, 2 * p.deadTime), c.simc_pi_tauc_eq_2theta);
    for (const ty of ['P', 'PI', 'PID'] as const) {
      pid(`ZN step ${ty}`, zieglerNicholsStep(p, ty), c.ziegler_nichols_open_loop[ty]);
      pid(`Cohen–Coon ${ty}`, cohenCoon(p, ty), c.cohen_coon[ty]);
    }
    pi('lambda PI λ=τ', lambdaPi(p), c.lambda_pi_lambda_eq_tau);
    pid('IMC-PID λ=θ', imcPid(p), c.imc_pid_rivera1986_lambda_eq_theta);
    pi('AMIGO PI', amigo(p, 'PI'), c.amigo_pi);
    pid('AMIGO PID', amigo(p, 'PID'), c.amigo_pid);
    const u = ultimatePoint({ type: 'fopdt', ...p });
    printed(S, `${id} ultimate ωu`, c.ultimate.omega_u, u.omegaU);
    printed(S, `${id} ultimate Ku`, c.ultimate.Ku, u.ku);
    printed(S, `${id} ultimate Pu`, c.ultimate.Pu, u.pu);
    for (const ty of ['P', 'PI', 'PID'] as const)
      pid(`ZN ultimate ${ty}`, zieglerNicholsUltimate(u, ty), c.ziegler_nichols_closed_loop[ty]);
  }

  // ── SOPDT, half-rule FOPDT and integrating processes ─────────────────────────────────────────
  for (const c of data.tuning_rules_other as Any[]) {
    const S = 'tuning-other';
    const pr = c.process;
    if (pr.type === 'SOPDT') {
      const t = simcPidSopdt({ gain: pr.k, tau1: pr.tau1, tau2: pr.tau2, deadTime: pr.theta });
      const id = `SOPDT k=${pr.k} τ1=${pr.tau1} τ2=${pr.tau2} θ=${pr.theta} SIMC PID`;
      const e = c.simc_pid_tauc_eq_theta;
      printed(S, `${id} series Kc`, e.series.Kc, t.series!.kc);
      printed(S, `${id} series τI`, e.series.tauI, t.series!.ti);
      printed(S, `${id} series τD`, e.series.tauD, t.series!.td);
      printed(S, `${id} ideal Kc`, e.ideal.Kc, t.kc);
      printed(S, `${id} ideal τI`, e.ideal.tauI, t.ti);
      printed(S, `${id} ideal τD`, e.ideal.tauD, t.td);
    } else if (pr.type === 'FOPDT') {
      const t = simcPi({ gain: pr.k, tau: pr.tau, deadTime: pr.theta });
      const id = `FOPDT k=${pr.k} τ=${pr.tau} θ=${pr.theta} SIMC PI`;
      printed(S, `${id} Kc`, c.simc_pi_tauc_eq_theta.Kc, t.kc);
      printed(S, `${id} τI`, c.simc_pi_tauc_eq_theta.tauI, t.ti);
      printed(S, `${id} Ki`, c.simc_pi_tauc_eq_theta.Ki, t.kc / t.ti);
    } else {
      const t = simcIntegrating({ gain: pr.kprime, deadTime: pr.theta });
      const id = `integrating k'=${pr.kprime} θ=${pr.theta} SIMC PI`;
      printed(S, `${id} Kc`, c.simc_pi_tauc_eq_theta.Kc, t.kc);
      printed(S, `${id} τI`, c.simc_pi_tauc_eq_theta.tauI, t.ti);
    }
  }

  // ── exact ultimate gain and period ───────────────────────────────────────────────────────────
  for (const c of data.ultimate_gain_period as Any[]) {
    const spec = parsePlantText(c.plant);
    const u = ultimatePoint(spec);
    const S = 'ultimate';
    printed(S, `${c.plant} Ku`, c.Ku, u.ku);
    printed(S, `${c.plant} ωu`, c.omega_u, u.omegaU);
    printed(S, `${c.plant} Pu`, c.Pu, u.pu);
    if (c.zn_pid)
      for (const ty of ['P', 'PI', 'PID'] as const) {
        const t = zieglerNicholsUltimate(u, ty);
        const e = c.zn_pid[ty];
        printed(S, `${c.plant} ZN ${ty} Kc`, e.Kc, t.kc);
        if (e.tauI !== undefined) printed(S, `${c.plant} ZN ${ty} τI`, e.tauI, t.ti);
        if (e.tauD !== undefined) printed(S, `${c.plant} ZN ${ty} τD`, e.tauD, t.td);
      }
  }

  // ── relay auto-tune ──────────────────────────────────────────────────────────────────────────
  for (const c of data.relay_autotune as Any[]) {
    const S = 'relay';
    const d = c.relay_amplitude_d;
    const eps = c.hysteresis;
    if (c.plant.type === 'FOPDT') {
      const p = { gain: c.plant.K, tau: c.plant.tau, deadTime: c.plant.theta };
      const id = `FOPDT K=${p.gain} τ=${p.tau} θ=${p.deadTime}`;
      const exact = relayLimitCycleFopdt(p, d);
      printed(S, `${id} exact a (closed form)`, c.exact_limit_cycle.output_amplitude, exact.amplitude);
      printed(S, `${id} exact P (closed form)`, c.exact_limit_cycle.period, exact.period);
      const sim = relayExperiment(linearPlant({ type: 'fopdt', ...p }), { amplitude: d, hysteresis: eps });
      printed(S, `${id} simulated a`, c.exact_limit_cycle.output_amplitude, sim.amplitude);
      printed(S, `${id} simulated P`, c.exact_limit_cycle.period, sim.period);
      printed(S, `${id} Ku estimate`, c.describing_function_estimates.Ku_est, sim.ku);
      printed(S, `${id} Pu estimate`, c.describing_function_estimates.Pu_est, sim.pu);
      const est = relayEstimates({
        amplitude: exact.amplitude,
        period: exact.period,
        relayAmplitude: d,
        hysteresis: eps,
      });
      printed(S, `${id} Ku = 4d/(πa) from exact a`, c.describing_function_estimates.Ku_est, est.ku);
    } else {
      const spec: ProcessSpec = { type: 'tf', num: c.plant.num, den: c.plant.den };
      const sim = relayExperiment(linearPlant(spec), { amplitude: d, hysteresis: eps });
      const id = c.plant.text as string;
      relTol(S, `${id} simulated a`, c.simulated_limit_cycle.output_amplitude, sim.amplitude, 1e-3);
      relTol(S, `${id} simulated P`, c.simulated_limit_cycle.period, sim.period, 1e-3);
      relTol(S, `${id} Ku estimate`, c.describing_function_estimates.Ku_est, sim.ku, 1e-3);
      relTol(S, `${id} Pu estimate`, c.describing_function_estimates.Pu_est, sim.pu, 1e-3);
    }
  }

  // ── SIMC analytic margins (τc = θ: L = e^(−θs)/(2θs) for any K, τ ≤ 8θ) ─────────────────────
  {
    const m = data.simc_analytic_margins;
    for (const p of [
      { gain: 1, tau: 1, deadTime: 1 },
      { gain: 2, tau: 10, deadTime: 1.5 },
    ]) {
      const t = simcPi(p);
      const lm = loopMargins({ type: 'fopdt', ...p }, { kc: t.kc, ti: t.ti });
      const id = `SIMC on K=${p.gain} τ=${p.tau} θ=${p.deadTime}`;
      printed('margins', `${id} GM`, m.gain_margin, lm.gainMargin, 0);
      printed('margins', `${id} PM (deg)`, m.phase_margin_deg, lm.phaseMarginDeg, 0);
      printed('margins', `${id} Ms`, m.Ms, lm.ms, 0);
    }
  }

  // ── closed-loop responses ────────────────────────────────────────────────────────────────────
  for (const c of data.closed_loop_continuous as Any[]) {
    const S = 'closed-loop';
    const pl = c.plant;
    const spec: ProcessSpec =
      pl.type === 'FOPDT'
        ? { type: 'fopdt', gain: pl.K, tau: pl.tau, deadTime: pl.theta }
        : pl.type === 'SOPDT'
          ? { type: 'sopdt', gain: pl.K, tau1: pl.tau1, tau2: pl.tau2, deadTime: pl.theta }
          : { type: 'tf', num: pl.num, den: pl.den };
    const k = c.controller;
    const kc = k.Kc ?? k.Kp;
    const ti = k.tauI ?? kc / k.Ki;
    const e = c.experiment;
    const r = simulateClosedLoop({
      plant: linearPlant(spec),
      controller: { kind: 'continuous', kc, ti, td: k.tauD ?? 0, b: k.b ?? 1, c: 0, n: 10 },
      setpointStep: { at: e.setpoint_step.at, size: e.setpoint_step.size },
      loadStep: { at: e.load_step_at_plant_input.at, size: e.load_step_at_plant_input.size },
      duration: e.load_step_at_plant_input.window[1],
    });
    const sp = r.setpoint!;
    const ld = r.load!;
    const x = c.setpoint;
    const pairs: Array<[string, number, number]> = [
      ['setpoint IAE', x.IAE, sp.iae],
      ['setpoint IE', x.IE, sp.ie],
      ['setpoint ISE', x.ISE, sp.ise],
      ['setpoint ITAE', x.ITAE, sp.itae],
      ['overshoot %', x.overshoot_pct, sp.overshoot],
      ['peak', x.peak, sp.peak],
      ['peak time', x.peak_time, sp.peakTime],
      ['settling time 2 %', x.settling_time_2pct, sp.settlingTime],
      ['rise time 10–90 %', x.rise_time_10_90, sp.riseTime],
      ['load IAE', c.load.IAE, ld.iae],
      ['load IE', c.load.IE, ld.ie],
      ['load max |dev|', c.load.max_abs_dev, ld.maxAbsDev],
      ['load time of max', c.load.time_of_max_after_step, ld.timeOfMax],
    ];
    if (c.u_at_0plus !== undefined) pairs.push(['u(0+)', c.u_at_0plus, r.uAtStep]);
    if (c.max_u_setpoint_phase !== undefined)
      pairs.push(['max u (setpoint)', c.max_u_setpoint_phase, r.maxUSetpoint]);
    for (const [name, ex, got] of pairs) relTol(S, `${c.id} ${name}`, ex, got, 0.005);
    if (c.loop_margins_recomputed) {
      const lm = loopMargins(spec, { kc, ti });
      printed(
        'margins',
        `${c.id} PM (deg)`,
        c.loop_margins_recomputed.phase_margin_deg,
        lm.phaseMarginDeg,
        0,
      );
      printed(
        'margins',
        `${c.id} crossover`,
        c.loop_margins_recomputed.crossover_rad_s,
        lm.gainCrossover ?? Number.NaN,
        0,
      );
      printed('margins', `${c.id} GM`, c.loop_margins_recomputed.gain_margin, lm.gainMargin, 0);
    }
  }

  // ── discrete Beauregard PI on the exactly discretised FOPDT ──────────────────────────────────
  {
    const d = data.discrete_pid;
    const P = d.parameters;
    const S = 'discrete';
    const seq = (name: string, e: number[], g: number[]) => {
      let worst = 0;
      let at = 0;
      for (let i = 0; i < e.length; i++) {
        const err = Math.abs((g[i] ?? Number.NaN) - e[i]!);
        if (!(err <= worst)) {
          worst = err;
          at = i;
        }
      }
      rows.push({
        section: S,
        case: `${name} (${e.length} samples, worst at #${at})`,
        expected: e[at]!,
        got: g[at] ?? Number.NaN,
        relError: rel(e[at]!, g[at] ?? Number.NaN),
        tolerance: '±1e-9 each',
        pass: worst <= 1e-9,
      });
    };
    const makePid = (o: Partial<ConstructorParameters<typeof Pid>[0]>) =>
      new Pid({ sampleTime: P.Ts, kp: P.Kp, ki: P.Ki, kd: P.Kd, outMin: P.outMin, outMax: P.outMax, ...o });
    for (const [key, antiWindup] of [
      ['with_integrator_clamping', 'clamp'],
      ['no_anti_windup', 'none'],
    ] as const) {
      const pid = makePid({ antiWindup });
      const plant = new DiscreteFopdt(2, 10, 2, P.Ts);
      const y = [0];
      const u: number[] = [];
      for (let k = 0; k < 150; k++) {
        u.push(pid.update(P.setpoint, y[k]!));
        y.push(plant.step(u[k]!));
      }
      const e = d.cases[key];
      seq(`${key} y[0..24]`, e.y_first_25, y);
      seq(`${key} u[0..24]`, e.u_first_25, u);
      let km = 0;
      for (let k = 0; k <= 150; k++) if (y[k]! > y[km]!) km = k;
      printed(S, `${key} y_max`, e.y_max, y[km]!);
      printed(S, `${key} k at y_max`, e.k_at_ymax, km);
      printed(S, `${key} overshoot %`, e.overshoot_pct, (100 * (y[km]! - P.setpoint)) / P.setpoint);
      printed(
        S,
        `${key} IAE Σ|e|·Ts k=0..149`,
        e.IAE_sum_abs_e_Ts_k0_to_149,
        y.slice(0, 150).reduce((s, v) => s + Math.abs(P.setpoint - v) * P.Ts, 0),
      );
      let last = 0;
      for (let k = 0; k <= 150; k++) if (Math.abs(P.setpoint - y[k]!) > 0.02 * P.setpoint) last = k;
      printed(S, `${key} last sample outside 2 %`, e.last_sample_outside_2pct_band, last);
      printed(S, `${key} y[150]`, e.y_150, y[150]!);
    }
    for (const [key, bumpless] of [
      ['bumpless_transfer_with_initialization', true],
      ['bumpless_transfer_without_initialization', false],
    ] as const) {
      const pid = makePid({ mode: 'manual', initialOutput: 0.9, bumpless, antiWindup: 'clamp' });
      const plant = new DiscreteFopdt(2, 10, 2, P.Ts);
      const y = [0];
      const u: number[] = [];
      for (let k = 0; k < 72; k++) {
        if (k === 60) pid.setMode('auto');
        u.push(pid.update(P.setpoint, y[k]!));
        y.push(plant.step(u[k]!));
      }
      seq(`${key} u[58..70]`, d.cases[key].u_k58_to_k70, u.slice(58, 71));
      seq(`${key} y[58..71]`, d.cases[key].y_k58_to_k71, y.slice(58, 72));
    }
  }

  // ── MATLAB stepinfo example (fine-grid values) ───────────────────────────────────────────────
  {
    const m = data.matlab_reference_examples.stepinfo;
    const plant = linearPlant({ type: 'tf', num: [8, 18, 32], den: [1, 6, 14, 24] });
    const { t, y } = simulateStep(plant, { duration: 10, dt: 1e-4 });
    const yFinal = 32 / 24;
    const mt = setpointMetrics({ t, y, r: new Float64Array(t.length).fill(yFinal) }, 0, 10);
    const f = m.fine_grid_values_dt_1e4 ?? m['fine_grid_values_dt_1e-4'];
    const S = 'stepinfo';
    const chk = (name: string, e: number, g: number) => {
      relTol(S, `${m.system} ${name}`, e, g, 1e-3);
    };
    chk('RiseTime', f.RiseTime, mt.riseTime);
    chk('SettlingTime', f.SettlingTime, mt.settlingTime);
    chk('Overshoot %', f.Overshoot, mt.overshoot);
    chk('Peak', f.Peak, mt.peak);
    chk('PeakTime', f.PeakTime, mt.peakTime);
    const pt = data.matlab_reference_examples.pidtune;
    const w1 = loopMargins(
      { type: 'tf', num: [1], den: [1, 3, 3, 1] },
      { kc: pt.published.PI_wc_1.Kp, ti: pt.published.PI_wc_1.Kp / pt.published.PI_wc_1.Ki },
    );
    printed(
      'margins',
      'pidtune PI_wc_1 PM (deg)',
      pt.recomputed_with_rounded_gains.PI_wc_1.PhaseMargin,
      w1.phaseMarginDeg,
      0,
    );
    printed(
      'margins',
      'pidtune PI_wc_1 crossover',
      pt.recomputed_with_rounded_gains.PI_wc_1.Crossover,
      w1.gainCrossover ?? Number.NaN,
      0,
    );
  }
  return rows;
}

/** Parses the plant strings of `ultimate_gain_period`: `K*exp(-θs)/(τs+1)` and `1/(s+1)^n`. */
function parsePlantText(text: string): ProcessSpec {
  const f = /^([\d.]+)\*exp\(-([\d.]+)s\)\/\(([\d.]+)s\+1\)$/.exec(text);
  if (f) return { type: 'fopdt', gain: Number(f[1]), deadTime: Number(f[2]), tau: Number(f[3]) };
  const p = /^1\/\(s\+1\)\^(\d+)$/.exec(text);
  if (p) {
    const n = Number(p[1]);
    const den = [1];
    for (let i = 0; i < n; i++) {
      den.push(0);
      for (let j = den.length - 1; j > 0; j--) den[j] = den[j]! + den[j - 1]!;
    }
    return { type: 'tf', num: [1], den };
  }
  throw new Error(`unrecognised plant text in cases.json: ${text}`);
}
