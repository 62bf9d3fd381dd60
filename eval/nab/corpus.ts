/**
 * Reads the NAB development split in place (`../shared/benchmarks/nab` or `$XINZHI_BENCHMARKS/nab`):
 * series, anomaly windows mapped to row indices, the three profiles and the published per-file
 * scores of the other detectors. Nothing of it is copied into the repository.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchmarkPath } from '../lib/benchmarks.js';
import type { CostMatrix, WindowRows } from './sweeper.js';

export const PROFILES = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'] as const;
export type ProfileName = (typeof PROFILES)[number];

export interface NabFile {
  /** Relative path, e.g. `realKnownCause/machine_temperature_system_failure.csv`. */
  readonly name: string;
  readonly category: string;
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
  readonly windows: readonly WindowRows[];
}

/** NAB timestamps (`2014-02-14 14:27:00` or with `.000000`) are naive; read them as UTC. */
export function parseNabTime(s: string): number {
  const t = Date.parse(
    `${s
      .trim()
      .replace(' ', 'T')
      .replace(/\.\d+$/, '')}Z`,
  );
  if (Number.isNaN(t)) throw new Error(`bad NAB timestamp '${s}'`);
  return t;
}

export function nabRoot(): string | undefined {
  return benchmarkPath('nab');
}

export function readProfiles(root: string): Record<ProfileName, CostMatrix> {
  const raw = JSON.parse(readFileSync(join(root, 'config', 'profiles.json'), 'utf8')) as Record<
    string,
    { CostMatrix: CostMatrix }
  >;
  const out = {} as Record<ProfileName, CostMatrix>;
  for (const p of PROFILES) {
    const m = raw[p];
    if (!m) throw new Error(`profile ${p} missing from profiles.json`);
    out[p] = m.CostMatrix;
  }
  return out;
}

export function readWindowLabels(root: string): Record<string, [string, string][]> {
  return JSON.parse(readFileSync(join(root, 'labels', 'combined_windows.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
}

export function devFiles(root: string): string[] {
  const s = JSON.parse(readFileSync(join(root, 'splits.json'), 'utf8')) as { dev: { files: string[] } };
  return s.dev.files;
}

/** Maps `[start, end]` timestamps to the first row ≥ start and the last row ≤ end. */
export function windowRows(timestamps: Float64Array, limits: readonly [string, string][]): WindowRows[] {
  return limits.map(([a, b]) => {
    const t1 = parseNabTime(a);
    const t2 = parseNabTime(b);
    let start = timestamps.findIndex((t) => t >= t1);
    let end = -1;
    for (let i = timestamps.length - 1; i >= 0; i--)
      if ((timestamps[i] ?? 0) <= t2) {
        end = i;
        break;
      }
    if (start < 0) start = timestamps.length;
    return { start, end };
  });
}

export function readSeries(path: string): { timestamps: Float64Array; values: Float64Array } {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const n = lines.length - 1;
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const line = lines[i + 1] ?? '';
    const c = line.indexOf(',');
    timestamps[i] = parseNabTime(line.slice(0, c));
    values[i] = Number(line.slice(c + 1));
  }
  return { timestamps, values };
}

export function loadFiles(root: string, names: readonly string[]): NabFile[] {
  const labels = readWindowLabels(root);
  return names.map((name) => {
    const { timestamps, values } = readSeries(join(root, 'data', name));
    return {
      name,
      category: name.split('/')[0] ?? '',
      timestamps,
      values,
      windows: windowRows(timestamps, labels[name] ?? []),
    };
  });
}

/** One row of a published `<detector>_<profile>_scores.csv`. */
export interface PublishedRow {
  readonly file: string;
  readonly threshold: number;
  readonly score: number;
  readonly tp: number;
  readonly tn: number;
  readonly fp: number;
  readonly fn: number;
  readonly total: number;
}

export function publishedDetectors(root: string): string[] {
  return readdirSync(join(root, 'results'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export function readPublished(root: string, detector: string, profile: ProfileName): PublishedRow[] {
  const text = readFileSync(join(root, 'results', detector, `${detector}_${profile}_scores.csv`), 'utf8');
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '' && !l.startsWith('Totals'))
    .map((l) => {
      const c = l.split(',');
      return {
        file: c[2] ?? '',
        threshold: Number(c[3]),
        score: Number(c[4]),
        tp: Number(c[5]),
        tn: Number(c[6]),
        fp: Number(c[7]),
        fn: Number(c[8]),
        total: Number(c[9]),
      };
    });
}

export function readFinalResults(root: string): Record<string, Record<ProfileName, number>> {
  return JSON.parse(readFileSync(join(root, 'results', 'final_results.json'), 'utf8')) as Record<
    string,
    Record<ProfileName, number>
  >;
}
