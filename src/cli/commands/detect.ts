import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DEFAULT_DETECTOR_OPTIONS, detectSeries, parseSeriesCsv } from '../../analytics/index.js';
import { XinzhiError } from '../../core/index.js';
import { action, type CliContext, printJson } from '../context.js';
import type { RegisterCommand } from './index.js';

interface DetectOpts {
  out?: string;
  json?: boolean;
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('detect')
    .description(
      'streaming anomaly detection over a timestamp,value CSV: a score in [0,1] and an alert flag per row',
    )
    .argument('<file>', 'CSV with a header naming timestamp and value (the NAB layout)')
    .option('--out <file>', 'write timestamp,value,anomaly_score,alert here (default: stdout unless --json)')
    .option('--json', 'print one JSON summary')
    .action(
      action(ctx, async (file: string, opts: DetectOpts) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          throw new XinzhiError('NOT_FOUND', `cannot read ${file}: ${(e as Error).message}`, { field: file });
        }
        const parsed = parseSeriesCsv(text, file);
        if (!parsed.ok) {
          throw new XinzhiError(
            'BAD_INPUT',
            parsed.issues.map((i) => `${i.where ?? file}: ${i.message}`).join('\n'),
            { field: file, context: { issues: parsed.issues } },
          );
        }
        const t = parsed.value;
        const started = performance.now();
        const r = detectSeries(t.timestamps, t.values);
        const seconds = (performance.now() - started) / 1000;
        const csv =
          opts.out !== undefined || !opts.json
            ? [
                'timestamp,value,anomaly_score,alert',
                ...t.rawTimestamps.map(
                  (ts, i) =>
                    `${ts},${t.rawValues[i] ?? ''},${(r.scores[i] ?? 0).toFixed(6)},${r.alerts[i] ?? 0}`,
                ),
              ].join('\n')
            : '';
        if (opts.out !== undefined) writeFileSync(opts.out, `${csv}\n`);
        if (opts.json) {
          printJson(ctx, {
            file,
            rows: t.values.length,
            alerts: r.alertRows.length,
            alertRows: r.alertRows.map((i) => ({
              row: i,
              timestamp: t.rawTimestamps[i],
              score: r.scores[i],
            })),
            maxScore: r.scores.reduce((a, b) => Math.max(a, b), 0),
            threshold: DEFAULT_DETECTOR_OPTIONS.threshold,
            pointsPerSecond: Math.round(t.values.length / Math.max(seconds, 1e-9)),
            out: opts.out ?? null,
          });
        } else if (opts.out === undefined) ctx.stdout(csv);
        else ctx.stderr(`${t.values.length} rows, ${r.alertRows.length} alerts → ${opts.out}`);
      }),
    );
};
