/**
 * CCKS 2021 Chinese address element parsing (`ner-address/ccks2021`): the CRF tagger of
 * `src/analytics/nlp` chooses L2 and the number of epochs by k-fold cross-validation on the
 * training file only, trains on all of it, and is scored on dev with seqeval's entity-level
 * report. Prints the CV figure next to the dev figure, training wall and CPU time, and inference
 * speed (addresses/s). Nothing here knows the 17 labels: they come from the files.
 *   npm run eval -- ner [--json] [--cv 3] [--cv-l2 3,10,30] [--epochs 6] [--no-cv]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type ClassScores,
  crossValidate,
  detectScheme,
  evaluate,
  parseConll,
  trainCrf,
} from '../src/analytics/nlp/index.js';
import { benchmarkDir } from './lib/benchmarks.js';
import { argValue, printTable } from './lib/print-table.js';

const PUBLISHED = [
  ['BERT-BiLSTM-CRF (test)', 90.74],
  ['BERT-Biaffine (dev)', 92.33],
  ['ELECTRA-base + continued pre-training (dev)', 94.71],
] as const;

export async function run(args: string[]): Promise<void> {
  const dir = benchmarkDir('ner-address', 'ccks2021');
  if (!dir) return;
  const json = args.includes('--json');
  const log = (t: string): void => {
    if (!json) console.error(t);
  };
  const train = parseConll(readFileSync(join(dir, 'train.conll'), 'utf8'), { source: 'train.conll' });
  const dev = parseConll(readFileSync(join(dir, 'dev.conll'), 'utf8'), { source: 'dev.conll' });
  const scheme = detectScheme(train);
  const maxEpochs = Number(argValue(args, '--epochs') ?? 6);
  const folds = Number(argValue(args, '--cv') ?? 3);
  const l2s = (argValue(args, '--cv-l2') ?? '3,10,30').split(',').map(Number);

  let l2 = 30;
  let epochs = maxEpochs;
  let cvF1: number | undefined;
  let cvGrid: { l2: number; epochs: number; f1: number }[] = [];
  const c0 = process.cpuUsage();
  const tCv = performance.now();
  if (!args.includes('--no-cv')) {
    log(`cross-validation on train: ${folds} folds × L2 ${l2s.join(', ')} × up to ${maxEpochs} epochs`);
    const cv = crossValidate(train, scheme, folds, l2s, { epochs: maxEpochs }, (i) =>
      log(`  L2 ${i.l2} fold ${i.fold}/${i.folds} epoch ${i.epoch}: held-out F1 ${(i.f1 * 100).toFixed(2)}`),
    );
    ({ l2, epochs } = cv.best);
    cvF1 = cv.best.f1;
    cvGrid = cv.grid;
  }
  const cvSeconds = (performance.now() - tCv) / 1000;
  const cvCpu = process.cpuUsage(c0);

  log(`training on all ${train.length} addresses: L2 ${l2}, ${epochs} epochs`);
  const c1 = process.cpuUsage();
  const t0 = performance.now();
  const model = trainCrf(
    train,
    scheme,
    { l2, epochs },
    {
      onEpoch: (r) =>
        log(`  epoch ${r.epoch}/${r.epochs}: loss ${r.loss.toFixed(4)} (${r.seconds.toFixed(1)} s)`),
    },
  );
  const trainSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c1);
  const trainCpu = (cpu.user + cpu.system) / 1e6;

  const t1 = performance.now();
  const report = evaluate(model, dev);
  const inferSeconds = (performance.now() - t1) / 1000;
  const speed = dev.length / inferSeconds;

  const pct = (x: number): string => (x * 100).toFixed(2);
  const row = (name: string, c: ClassScores): string[] => [
    name,
    pct(c.precision),
    pct(c.recall),
    pct(c.f1),
    String(c.support),
  ];
  const summary = {
    dataset: 'CCKS 2021 address element parsing (dev)',
    trainAddresses: train.length,
    devAddresses: dev.length,
    scheme,
    chosen: { l2, epochs, window: model.file.window, folds },
    cvMicroF1: cvF1 === undefined ? null : Math.round(cvF1 * 1e4) / 100,
    devMicroF1: Math.round(report.micro.f1 * 1e4) / 100,
    trainSeconds: Math.round(trainSeconds * 10) / 10,
    trainCpuSeconds: Math.round(trainCpu * 10) / 10,
    cvSeconds: Math.round(cvSeconds),
    cvCpuSeconds: Math.round((cvCpu.user + cvCpu.system) / 1e6),
    inferenceAddressesPerSecond: Math.round(speed),
    modelBytes: Buffer.byteLength(JSON.stringify(model.file)),
  };
  if (json) {
    console.log(JSON.stringify({ ...summary, report, cvGrid }, null, 2));
    return;
  }
  printTable(
    'CCKS 2021 address NER, dev (entity level, seqeval default)',
    ['entity', 'precision', 'recall', 'f1', 'support'],
    [
      ...Object.entries(report.types).map(([n, c]) => row(n, c)),
      row('micro avg', report.micro),
      row('macro avg', report.macro),
      row('weighted avg', report.weighted),
    ],
    args,
    {
      'chosen by CV on train': `L2 ${l2}, ${epochs} epochs, window ${model.file.window}`,
      'micro F1': `CV ${summary.cvMicroF1 ?? '—'} (train folds) · dev ${summary.devMicroF1}`,
      'training (all train)': `${summary.trainSeconds} s wall, ${summary.trainCpuSeconds} s CPU`,
      'cross-validation': `${summary.cvSeconds} s wall, ${summary.cvCpuSeconds} s CPU`,
      inference: `${summary.inferenceAddressesPerSecond} addresses/s (one thread)`,
      published: PUBLISHED.map(([n, f]) => `${n} ${f}`).join(' · '),
    },
  );
}
