/**
 * Frequency response of process models and loops: ultimate gain/period (phase crossover) and loop
 * margins (GM, PM, Ms). The phase is unwrapped along a logarithmic frequency grid and each crossing is
 * refined by bisection to machine precision.
 */
import { XinzhiError } from '../../core/index.js';
import type { ProcessSpec } from '../plants/linear-plant.js';

export interface Complex {
  readonly re: number;
  readonly im: number;
}

const mul = (a: Complex, b: Complex): Complex => ({
  re: a.re * b.re - a.im * b.im,
  im: a.re * b.im + a.im * b.re,
});
const div = (a: Complex, b: Complex): Complex => {
  const d = b.re * b.re + b.im * b.im;
  return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
};
const abs = (a: Complex): number => Math.hypot(a.re, a.im);
const delay = (w: number, th: number): Complex => ({ re: Math.cos(w * th), im: -Math.sin(w * th) });

function poly(c: readonly number[], w: number): Complex {
  let re = 0;
  let im = 0;
  for (const k of c) {
    // (re + j·im)·(j·w) + k
    const nre = -im * w + k;
    im = re * w;
    re = nre;
  }
  return { re, im };
}

/** G(jω) of a process spec. */
export function processResponse(spec: ProcessSpec, w: number): Complex {
  switch (spec.type) {
    case 'fopdt':
      return mul(div({ re: spec.gain, im: 0 }, { re: 1, im: w * spec.tau }), delay(w, spec.deadTime));
    case 'sopdt':
      return mul(
        div({ re: spec.gain, im: 0 }, mul({ re: 1, im: w * spec.tau1 }, { re: 1, im: w * spec.tau2 })),
        delay(w, spec.deadTime),
      );
    case 'integrating':
      return mul(div({ re: spec.gain, im: 0 }, { re: 0, im: w }), delay(w, spec.deadTime));
    case 'tf':
      return mul(div(poly(spec.num, w), poly(spec.den, w)), delay(w, spec.deadTime ?? 0));
  }
}

/** C(jω) of an ideal PID with derivative filter Tf = Td/N (N = Infinity: no filter). */
export function pidResponse(c: { kc: number; ti: number; td?: number; n?: number }, w: number): Complex {
  const td = c.td ?? 0;
  const n = c.n ?? Number.POSITIVE_INFINITY;
  let re = 1;
  let im = Number.isFinite(c.ti) ? -1 / (w * c.ti) : 0;
  if (td > 0) {
    const d = div({ re: 0, im: w * td }, { re: 1, im: Number.isFinite(n) ? (w * td) / n : 0 });
    re += d.re;
    im += d.im;
  }
  return { re: c.kc * re, im: c.kc * im };
}

type Fr = (w: number) => Complex;

/** Samples |F| and the unwrapped phase on a log grid. */
function sweep(f: Fr, wMin: number, wMax: number, perDecade = 400) {
  const n = Math.ceil(Math.log10(wMax / wMin) * perDecade);
  const ws: number[] = [];
  const ph: number[] = [];
  const mag: number[] = [];
  let prev = 0;
  for (let i = 0; i <= n; i++) {
    const w = wMin * (wMax / wMin) ** (i / n);
    const g = f(w);
    let p = Math.atan2(g.im, g.re);
    if (i > 0) p += 2 * Math.PI * Math.round((prev - p) / (2 * Math.PI));
    ws.push(w);
    ph.push(p);
    mag.push(abs(g));
    prev = p;
  }
  return { ws, ph, mag };
}

const unwrapNear = (f: Fr, w: number, ref: number): number => {
  const g = f(w);
  const p = Math.atan2(g.im, g.re);
  return p + 2 * Math.PI * Math.round((ref - p) / (2 * Math.PI));
};

function bisect(g: (w: number) => number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  const ga = g(a);
  for (let i = 0; i < 200 && b - a > 1e-15 * b; i++) {
    const m = 0.5 * (a + b);
    if (Math.sign(g(m)) === Math.sign(ga)) a = m;
    else b = m;
  }
  return 0.5 * (a + b);
}

/** First frequency where the unwrapped phase crosses −180° (after a low-frequency start). */
function phaseCrossover(f: Fr, wMin: number, wMax: number): number | undefined {
  const s = sweep(f, wMin, wMax);
  for (let i = 0; i + 1 < s.ws.length; i++) {
    if (s.ph[i]! > -Math.PI && s.ph[i + 1]! <= -Math.PI) {
      const ref = s.ph[i]!;
      return bisect((w) => unwrapNear(f, w, ref) + Math.PI, s.ws[i]!, s.ws[i + 1]!);
    }
  }
  return undefined;
}

export interface UltimatePoint {
  readonly omegaU: number;
  readonly ku: number;
  readonly pu: number;
}

/**
 * Ultimate frequency, gain and period: the phase crossover of G (arg G(jωu) = −π), Ku = 1/|G(jωu)|,
 * Pu = 2π/ωu. For FOPDT the root of atan(ωτ) + ωθ = π is found directly.
 */
export function ultimatePoint(spec: ProcessSpec): UltimatePoint {
  let w: number | undefined;
  if (spec.type === 'fopdt') {
    if (!(spec.deadTime > 0))
      throw new XinzhiError('BAD_INPUT', 'a FOPDT without dead time has no ultimate gain', {
        field: 'deadTime',
      });
    const { tau, deadTime: th } = spec;
    w = bisect((x) => Math.atan(x * tau) + x * th - Math.PI, 1e-12, Math.PI / th);
  } else {
    const f: Fr = (x) => processResponse(spec, x);
    w = phaseCrossover(f, 1e-6, 1e6);
  }
  if (w === undefined)
    throw new XinzhiError('BAD_INPUT', 'the process phase never reaches −180°: no ultimate gain', {
      field: 'process',
    });
  return { omegaU: w, ku: 1 / abs(processResponse(spec, w)), pu: (2 * Math.PI) / w };
}

export interface LoopMargins {
  /** Gain margin (ratio); Infinity when the phase never reaches −180°. */
  readonly gainMargin: number;
  readonly phaseCrossover: number | null;
  /** Phase margin in degrees. */
  readonly phaseMarginDeg: number;
  readonly gainCrossover: number | null;
  /** Maximum sensitivity max |1/(1 + L)|. */
  readonly ms: number;
}

/** Margins of the loop L = C·G for an ideal PID on a process. */
export function loopMargins(
  spec: ProcessSpec,
  c: { kc: number; ti: number; td?: number; n?: number },
): LoopMargins {
  const f: Fr = (w) => mul(pidResponse(c, w), processResponse(spec, w));
  const s = sweep(f, 1e-5, 1e4);
  let wc: number | null = null;
  for (let i = 0; i + 1 < s.ws.length; i++) {
    if (s.mag[i]! >= 1 && s.mag[i + 1]! < 1) {
      wc = bisect((w) => abs(f(w)) - 1, s.ws[i]!, s.ws[i + 1]!);
      break;
    }
  }
  const pm =
    wc === null ? Number.POSITIVE_INFINITY : (180 / Math.PI) * (unwrapNear(f, wc, interp(s, wc)) + Math.PI);
  const w180 = phaseCrossover(f, 1e-5, 1e4) ?? null;
  const gm = w180 === null ? Number.POSITIVE_INFINITY : 1 / abs(f(w180));
  // Ms: grid maximum refined by golden-section search on the bracketing interval.
  const sens = (w: number): number => {
    const l = f(w);
    return 1 / Math.hypot(1 + l.re, l.im);
  };
  let best = 0;
  for (let i = 1; i < s.ws.length; i++) if (sens(s.ws[i]!) > sens(s.ws[best]!)) best = i;
  let a = s.ws[Math.max(0, best - 1)]!;
  let b = s.ws[Math.min(s.ws.length - 1, best + 1)]!;
  const gr = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 100; i++) {
    const x1 = b - gr * (b - a);
    const x2 = a + gr * (b - a);
    if (sens(x1) > sens(x2)) b = x2;
    else a = x1;
  }
  return {
    gainMargin: gm,
    phaseCrossover: w180,
    phaseMarginDeg: pm,
    gainCrossover: wc,
    ms: sens(0.5 * (a + b)),
  };
}

function interp(s: { ws: number[]; ph: number[] }, w: number): number {
  let i = 0;
  while (i + 1 < s.ws.length && s.ws[i + 1]! < w) i++;
  return s.ph[i]!;
}
