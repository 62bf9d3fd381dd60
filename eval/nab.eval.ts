/**
 * NAB evaluation of the streaming detector on the development split (39 files, 74 windows), with
 * every choice made by leave-one-category-out cross-validation (`eval/nab/cv.ts`): for each NAB
 * category, the detector configuration, alert threshold and hold are chosen on the other
 * categories and scored on this one. Per profile it prints the cross-validated score (the figure
 * that counts) next to the in-sample score of the candidate chosen on all files, and the gap, per
 * category and overall; then the shipped defaults and the published detectors on the same files.
 *   npm run eval -- nab [--json] [--files]
 */
import { DEFAULT_DETECTOR_OPTIONS, StreamingDetector } from '../src/analytics/detect/index.js';
import {
  devFiles,
  loadFiles,
  type NabFile,
  nabRoot,
  PROFILES,
  type ProfileName,
  publishedDetectors,
  readProfiles,
  readPublished,
} from './nab/corpus.js';
import { buildTable, type CandidateTable, type CvResult, crossValidate, kFoldByFile } from './nab/cv.js';
import { detectFile, scoreAllProfiles } from './nab/evaluate.js';
import { CONFIGS, SUPPRESS, THRESHOLDS } from './nab/grid.js';
import { normalise } from './nab/sweeper.js';

const pad = (rows: string[][]): string[] => {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '),
  );
};
const f1 = (x: number): string => (Number.isNaN(x) ? '—' : x.toFixed(1));

/** Runs one configuration over a file: evidence per row, and the alerts at the configuration's own options. */
function runFile(file: NabFile, options: (typeof CONFIGS)[number]['options']) {
  const d = new StreamingDetector(options);
  const n = file.values.length;
  const evidence = new Float32Array(n);
  const alerts = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = d.update(file.timestamps[i] ?? 0, file.values[i] ?? Number.NaN);
    evidence[i] = r.evidence;
    alerts[i] = r.alert ? 1 : 0;
  }
  return { evidence, alerts };
}

function describe(table: CandidateTable, c: number): string {
  const k = table.candidates[c];
  if (!k) return '?';
  return `${CONFIGS[k.config]?.label ?? '?'}, threshold ${k.threshold}, hold ${k.suppress}`;
}

export async function run(args: string[]): Promise<void> {
  const root = nabRoot();
  if (!root) {
    console.error('NAB benchmark not found: expected ../shared/benchmarks/nab or $XINZHI_BENCHMARKS/nab');
    process.exitCode = 2;
    return;
  }
  const names = devFiles(root);
  const files = loadFiles(root, names);
  const profiles = readProfiles(root);
  const points = files.reduce((a, f) => a + f.values.length, 0);
  const windowCount = files.reduce((a, f) => a + f.windows.length, 0);

  const t0 = performance.now();
  const evidence: Float32Array[][] = [];
  for (const cfg of CONFIGS) evidence.push(files.map((f) => runFile(f, cfg.options).evidence));
  const detectSeconds = (performance.now() - t0) / 1000;
  const shipped = files.map((f) => detectFile(f));
  const cvFiles = files.map((f) => ({
    name: f.name,
    category: f.category,
    rows: f.values.length,
    windows: f.windows,
  }));
  const table = buildTable(cvFiles, evidence, THRESHOLDS, SUPPRESS, profiles);
  const results = {} as Record<ProfileName, CvResult>;
  for (const p of PROFILES) results[p] = crossValidate(table, p, profiles[p], (f) => f.category);
  const kfold = {} as Record<ProfileName, number[]>;
  for (const p of PROFILES) kfold[p] = kFoldByFile(table, p, profiles[p], 5, 10);
  const spread = (xs: readonly number[]): string => {
    const m = xs.reduce((a, x) => a + x, 0) / xs.length;
    return `${f1(m)} (${f1(Math.min(...xs))}–${f1(Math.max(...xs))})`;
  };
  const totalSeconds = (performance.now() - t0) / 1000;
  const defaults = scoreAllProfiles(shipped, profiles);
  // The shipped defaults should be the candidate chosen on all files under the standard profile.
  const pick = table.candidates[results.standard.chosen];
  const pickOptions = { ...DEFAULT_DETECTOR_OPTIONS, ...CONFIGS[pick?.config ?? 0]?.options };
  const defaultsMatch =
    pick !== undefined &&
    Object.entries(pickOptions).every(
      ([k, v]) => DEFAULT_DETECTOR_OPTIONS[k as keyof typeof pickOptions] === v,
    ) &&
    DEFAULT_DETECTOR_OPTIONS.threshold === pick.threshold &&
    DEFAULT_DETECTOR_OPTIONS.suppress === pick.suppress;

  const published = publishedDetectors(root)
    .filter((d) => d !== 'random' && d !== 'null')
    .map((d) => {
      const byProfile = {} as Record<ProfileName, number>;
      for (const p of PROFILES) {
        const rows = readPublished(root, d, p).filter((r) => names.includes(r.file));
        const nullRaw = readPublished(root, 'null', p)
          .filter((r) => names.includes(r.file))
          .reduce((a, r) => a + r.score, 0);
        byProfile[p] = normalise(
          rows.reduce((a, r) => a + r.score, 0),
          nullRaw,
          windowCount,
          profiles[p],
        );
      }
      return { detector: d, ...byProfile };
    });

  if (args.includes('--json')) {
    console.log(
      JSON.stringify(
        {
          evaluation: 'nab',
          split: 'development',
          protocol: 'leave-one-category-out cross-validation',
          files: files.length,
          windows: windowCount,
          candidates: table.candidates.length,
          configs: CONFIGS,
          thresholds: THRESHOLDS,
          suppress: SUPPRESS,
          profiles: Object.fromEntries(
            PROFILES.map((p) => {
              const r = results[p];
              return [
                p,
                {
                  cv: r.cv,
                  inSample: r.inSample,
                  gap: r.inSample - r.cv,
                  fiveFoldByFile: kfold[p],
                  chosen: describe(table, r.chosen),
                  categories: r.groups.map((g) => ({ ...g, chosen: describe(table, g.chosen) })),
                },
              ];
            }),
          ),
          shippedDefaults: {
            options: DEFAULT_DETECTOR_OPTIONS,
            equalStandardChoice: defaultsMatch,
            ...Object.fromEntries(PROFILES.map((p) => [p, defaults[p].normalised])),
          },
          published,
          pointsPerSecond: (points * CONFIGS.length) / detectSeconds,
        },
        null,
        2,
      ),
    );
    return;
  }

  console.log(
    `\nNAB development split: ${files.length} files, ${windowCount} windows, ${points.toLocaleString('en-US')} points` +
      `\nselection: leave-one-category-out cross-validation over ${table.candidates.length} candidates` +
      ` (${CONFIGS.length} detector configurations × ${THRESHOLDS.length} thresholds × ${SUPPRESS.length} holds)` +
      `\ndetector ${((points * CONFIGS.length) / detectSeconds).toFixed(0)} points/s; whole evaluation ${totalSeconds.toFixed(1)} s\n`,
  );
  for (const p of PROFILES) {
    const r = results[p];
    console.log(`${p}: CV ${f1(r.cv)}, in-sample ${f1(r.inSample)}, gap ${f1(r.inSample - r.cv)}`);
    console.log(`  5-fold by file, 10 shuffles: CV ${spread(kfold[p])}`);
    console.log(`  chosen on all files: ${describe(table, r.chosen)}`);
    for (const l of pad([
      ['  category', 'windows', 'CV', 'in-sample', 'gap', 'detected', 'false alerts', 'chosen without it'],
      ...r.groups.map((g) => [
        `  ${g.group}`,
        String(g.windows),
        f1(g.cv),
        f1(g.inSample),
        f1(g.inSample - g.cv),
        String(g.cvDetected),
        String(g.cvFalseAlerts),
        describe(table, g.chosen),
      ]),
      ['  overall', String(windowCount), f1(r.cv), f1(r.inSample), f1(r.inSample - r.cv), '', '', ''],
    ]))
      console.log(l);
    console.log('');
  }

  type Row = { detector: string } & Record<ProfileName, number>;
  const cvRow: Row = {
    detector: 'xinzhi, cross-validated',
    standard: results.standard.cv,
    reward_low_FP_rate: results.reward_low_FP_rate.cv,
    reward_low_FN_rate: results.reward_low_FN_rate.cv,
  };
  const isRow: Row = {
    detector: 'xinzhi, in-sample',
    standard: results.standard.inSample,
    reward_low_FP_rate: results.reward_low_FP_rate.inSample,
    reward_low_FN_rate: results.reward_low_FN_rate.inSample,
  };
  const defRow: Row = {
    detector: 'xinzhi defaults (in-sample)',
    standard: defaults.standard.normalised,
    reward_low_FP_rate: defaults.reward_low_FP_rate.normalised,
    reward_low_FN_rate: defaults.reward_low_FN_rate.normalised,
  };
  const board: Row[] = [cvRow, isRow, defRow, ...published].sort((a, b) => b.standard - a.standard);
  console.log(
    defaultsMatch
      ? 'DEFAULT_DETECTOR_OPTIONS are the standard profile’s choice on all files.\n'
      : 'warning: DEFAULT_DETECTOR_OPTIONS differ from the standard profile’s choice on all files; update them.\n',
  );
  console.log(
    'scoreboard (published detectors: NAB optimised their thresholds per profile on all files, i.e. in-sample)\n',
  );
  for (const l of pad([
    ['detector', 'standard', 'reward_low_FP', 'reward_low_FN'],
    ...board.map((r) => [r.detector, f1(r.standard), f1(r.reward_low_FP_rate), f1(r.reward_low_FN_rate)]),
  ]))
    console.log(l);

  if (args.includes('--files')) {
    const r = results.standard;
    const n = table.files.length;
    const chosenFor = new Map(r.groups.map((g) => [g.group, g.chosen]));
    console.log('\nper file, standard profile, cross-validated candidate\n');
    for (const l of pad([
      ['file', 'raw score', 'detected', 'false alerts'],
      ...table.files.map((f, i) => {
        const c = chosenFor.get(f.category) ?? 0;
        return [
          f.name,
          (table.raw.standard[c * n + i] ?? 0).toFixed(2),
          `${table.detected.standard[c * n + i] ?? 0}/${table.windows[i] ?? 0}`,
          String(table.fp.standard[c * n + i] ?? 0),
        ];
      }),
    ]))
      console.log(l);
  }
}
