/**
 * The data-quality report: every series (or one, or an asset's) with the figures of
 * `xinzhi quality --json` / `GET /api/v1/quality` — the same `seriesQuality` function, so the
 * numbers are the same.
 */
import { allSeriesQuality, seriesQuality } from '../../ingest/index.js';
import { L } from './labels.js';
import { chart, reportDoc, table } from './report-blocks.js';
import type { ReportContext } from './report-context.js';
import { type ReportDoc, text } from './report-doc.js';

export async function buildQualityReport(ctx: ReportContext): Promise<ReportDoc> {
  const list =
    ctx.series !== undefined
      ? [await seriesQuality(ctx.store, ctx.series, ctx.now)]
      : await allSeriesQuality(ctx.store, ctx.now, ctx.asset);
  const mean = list.length ? list.reduce((n, q) => n + q.score, 0) / list.length : null;
  return reportDoc(ctx, 'quality', text('Data quality report', '数据质量报告'), [
    {
      title: text('Quality per series', '各序列数据质量'),
      paragraphs: [
        text(
          'Counts are over everything ever ingested; freshness is as of generation time. Score = 100 × (0.35 completeness + 0.30 validity + 0.10 (1 − duplicate rate) + 0.10 outlier term + 0.05 (1 − stuck rate) + 0.10 freshness).',
          '计数为历史全部入库数据；新鲜度以生成时间为准。评分 = 100 × (0.35 完整性 + 0.30 有效性 + 0.10 (1 − 重复率) + 0.10 离群项 + 0.05 (1 − 卡滞率) + 0.10 新鲜度)。',
        ),
      ],
      facts: [
        { label: text('Series', '序列数'), value: list.length },
        { label: text('Mean score', '平均评分'), value: mean === null ? '—' : Math.round(mean * 10) / 10 },
        {
          label: text('Quarantined (all time)', '累计隔离'),
          value: list.reduce((n, q) => n + q.quarantined, 0),
        },
      ],
      charts: [chart('bar', text('Score per series', '各序列评分'), 'series', 'id', ['score'])],
      tables: [
        table(
          'series',
          text('Series quality', '序列质量'),
          [
            ['id', L.series],
            ['unit', L.unit],
            ['points', L.points, 'integer'],
            ['accepted', L.accepted, 'integer'],
            ['quarantined', L.quarantined, 'integer'],
            ['duplicates', L.duplicates, 'integer'],
            ['outliers', L.outliers, 'integer'],
            ['gaps', L.gaps, 'integer'],
            ['gapTime', L.gapTime, 'duration'],
            ['stuck', L.stuckRuns, 'integer'],
            ['completeness', L.completeness, 'ratio'],
            ['validity', L.validity, 'ratio'],
            ['freshness', L.freshness, 'ratio'],
            ['score', L.score, 'number', { unit: '/100', decimals: 1 }],
          ],
          list.map((q) => [
            q.series,
            q.unit,
            q.points,
            q.accepted,
            q.quarantined,
            q.duplicates,
            q.outliers,
            q.gaps.count,
            q.gaps.totalMs,
            q.stuck.runs,
            q.completeness,
            q.validity,
            q.freshness,
            q.score,
          ]),
          text('No series yet.', '尚无序列。'),
        ),
      ],
    },
  ]);
}
