/**
 * NAB evaluation of the streaming detector on the development split (39 files, 74 windows):
 * the detector's alerts (frozen options and threshold, DEFAULT_DETECTOR_OPTIONS) are scored with
 * NAB's rules for the three profiles, per category and in total, next to the published detectors
 * normalised on the same split.
 *   npm run eval -- nab [--json] [--files]
 */
import { DEFAULT_DETECTOR_OPTIONS } from '../src/analytics/detect/index.js';
import {
  devFiles,
  loadFiles,
  nabRoot,
  PROFILES,
  type ProfileName,
  publishedDetectors,
  readProfiles,
  readPublished,
} from './nab/corpus.js';
import { detectFile, scoreAllProfiles } from './nab/evaluate.js';
import { normalise } from './nab/sweeper.js';

const pad = (rows: string[][]): string[] => {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '),
  );
};

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
  const t0 = performance.now();
  const results = files.map((f) => detectFile(f));
  const seconds = (performance.now() - t0) / 1000;
  const points = files.reduce((a, f) => a + f.values.length, 0);
  const ours = scoreAllProfiles(results, profiles);
  const windowCount = files.reduce((a, f) => a + f.windows.length, 0);

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
  type Row = { detector: string } & Record<ProfileName, number>;
  const mine: Row = {
    detector: 'xinzhi (frozen)',
    standard: ours.standard.normalised,
    reward_low_FP_rate: ours.reward_low_FP_rate.normalised,
    reward_low_FN_rate: ours.reward_low_FN_rate.normalised,
  };
  const table: Row[] = [mine, ...published].sort((a, b) => b.standard - a.standard);

  const categories = [...new Set(files.map((f) => f.category))];
  const perCategory = categories.map((c) => {
    const row: Record<string, number | string> = { category: c };
    for (const p of PROFILES) {
      const sel = ours[p].perFile.filter((f) => f.category === c);
      const raw = sel.reduce((a, f) => a + f.score.score, 0);
      const windows = files.filter((f) => f.category === c).reduce((a, f) => a + f.windows.length, 0);
      const nullRaw = -sel.reduce((a, f) => a + f.score.windows, 0) * profiles[p].fnWeight;
      row[p] = windows === 0 ? Number.NaN : normalise(raw, nullRaw, windows, profiles[p]);
    }
    const st = ours.standard.perFile.filter((f) => f.category === c);
    row['windows'] = st.reduce((a, f) => a + f.score.windows, 0);
    row['detected'] = st.reduce((a, f) => a + f.score.detected, 0);
    row['falseAlerts'] = st.reduce((a, f) => a + f.score.fp, 0);
    return row;
  });

  if (args.includes('--json')) {
    console.log(
      JSON.stringify(
        {
          evaluation: 'nab',
          split: 'development',
          files: files.length,
          windows: windowCount,
          options: DEFAULT_DETECTOR_OPTIONS,
          scoreboard: table,
          perCategory,
          perFile: ours.standard.perFile.map((f) => ({ file: f.name, ...f.score })),
          pointsPerSecond: points / seconds,
        },
        null,
        2,
      ),
    );
    return;
  }
  const f2 = (x: number): string => (Number.isNaN(x) ? '—' : x.toFixed(1));
  console.log(
    `\nNAB development split: ${files.length} files, ${windowCount} windows, ${points.toLocaleString('en-US')} points` +
      ` (detector ${(points / seconds).toFixed(0)} points/s)\nfrozen threshold ${DEFAULT_DETECTOR_OPTIONS.threshold}, options in docs/anomalies.md\n`,
  );
  for (const l of pad([
    ['detector', 'standard', 'reward_low_FP', 'reward_low_FN'],
    ...table.map((r) => [r.detector, f2(r.standard), f2(r.reward_low_FP_rate), f2(r.reward_low_FN_rate)]),
  ]))
    console.log(l);
  console.log('\nxinzhi per category\n');
  for (const l of pad([
    ['category', 'standard', 'reward_low_FP', 'reward_low_FN', 'windows', 'detected', 'false alerts'],
    ...perCategory.map((r) => [
      String(r['category']),
      f2(r['standard'] as number),
      f2(r['reward_low_FP_rate'] as number),
      f2(r['reward_low_FN_rate'] as number),
      String(r['windows']),
      String(r['detected']),
      String(r['falseAlerts']),
    ]),
  ]))
    console.log(l);
  if (args.includes('--files')) {
    console.log('\nxinzhi per file (standard)\n');
    for (const l of pad([
      ['file', 'raw score', 'detected', 'false alerts'],
      ...ours.standard.perFile.map((f) => [
        f.name,
        f.score.score.toFixed(2),
        `${f.score.detected}/${f.score.windows}`,
        String(f.score.fp),
      ]),
    ]))
      console.log(l);
  }
}
