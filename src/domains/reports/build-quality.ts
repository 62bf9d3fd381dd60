/**
 * The data-quality report: every series (or one, or an asset's) with the figures of
 * `xinzhi quality --json` / `GET /api/v1/quality` — the same `seriesQuality` function, so the
 * numbers are the same.
 */
import { allSeriesQuality, seriesQuality } from '../../ingest/index.js';
import { L } from './labels.js';
import type { ReportContext } from './report-context.js';
import { type ReportDoc, text } from './report-doc.js';

export async function buildQualityReport(ctx: ReportContext): Promise<ReportDoc> {
  const list =
    ctx.series !== undefined
      ? [await seriesQuality(ctx.store, ctx.series, ctx.now)]
      : await allSeriesQuality(ctx.store, ctx.now, ctx.asset);
  const mean = list.length ? list.reduce((n, q) => n + q.score, 0) / list.length : null;
  return {
    type: 'quality',
    title: text('Data quality report', '数据质量报告'),
    site: ctx.site,
    timeZone: ctx.zone.name,
    from: ctx.from,
    to: ctx.to,
    generatedAt: ctx.now,
    sections: [
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
        charts: [
          {
            title: text('Score per series', '各序列评分'),
            kind: 'bar',
            table: 'series',
            x: 'id',
            y: ['score'],
          },
        ],
        tables: [
          {
            id: 'series',
            title: text('Series quality', '序列质量'),
            columns: [
              { key: 'id', label: L.series, kind: 'text' },
              { key: 'unit', label: L.unit, kind: 'text' },
              { key: 'points', label: L.points, kind: 'integer' },
              { key: 'accepted', label: L.accepted, kind: 'integer' },
              { key: 'quarantined', label: L.quarantined, kind: 'integer' },
              { key: 'duplicates', label: L.duplicates, kind: 'integer' },
              { key: 'outliers', label: L.outliers, kind: 'integer' },
              { key: 'gaps', label: L.gaps, kind: 'integer' },
              { key: 'gapTime', label: L.gapTime, kind: 'duration' },
              { key: 'stuck', label: L.stuckRuns, kind: 'integer' },
              { key: 'completeness', label: L.completeness, kind: 'ratio' },
              { key: 'validity', label: L.validity, kind: 'ratio' },
              { key: 'freshness', label: L.freshness, kind: 'ratio' },
              { key: 'score', label: L.score, kind: 'number', unit: '/100', decimals: 1 },
            ],
            rows: list.map((q) => [
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
            empty: text('No series yet.', '尚无序列。'),
          },
        ],
      },
    ],
  };
}
