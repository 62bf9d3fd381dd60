/**
 * The alarm-system report after EEMUA 191: rate per hour and per 10 minutes against the targets,
 * the top 10 bad actors, chattering, standing and shelved alarms. The figures are those of
 * `GET /api/v1/alarms/kpis` for the same window (the same `storedAlarmKpis`).
 */
import { KPI_TARGETS, storedAlarmKpis } from '../../analytics/index.js';
import { bucketOf, trendBuckets } from './buckets.js';
import { L, yesNo } from './labels.js';
import { type ColumnSpec, chart, reportDoc, table } from './report-blocks.js';
import type { ReportContext } from './report-context.js';
import { type ReportDoc, text } from './report-doc.js';

export async function buildAlarmsReport(ctx: ReportContext): Promise<ReportDoc> {
  const { kpis: k, events } = await storedAlarmKpis(ctx.store, { from: ctx.from, to: ctx.to });
  const { starts, unit } = trendBuckets(ctx.from, ctx.to, ctx.zone);
  const counts = starts.map(() => 0);
  for (const e of events)
    if (e.kind === 'alarm.raised' && e.ts >= ctx.from && e.ts < ctx.to && e.data['notify'] !== false) {
      const i = bucketOf(starts, e.ts);
      if (i >= 0) counts[i]! += 1;
    }
  const rateTitle =
    unit === 'h'
      ? text('Alarms raised per hour', '每小时报警数')
      : text('Alarms raised per day', '每日报警数');
  const key: ColumnSpec = ['key', L.key];
  return reportDoc(ctx, 'alarms', text('Alarm system performance (EEMUA 191)', '报警系统绩效（EEMUA 191）'), [
    {
      title: text('Key figures', '关键指标'),
      paragraphs: [
        text(
          `EEMUA 191 targets: at most ${KPI_TARGETS.perHour} alarms per hour per console on average, at most ${KPI_TARGETS.per10Min} in any 10 minutes, no chattering alarms (≥ ${KPI_TARGETS.chatterPerMinute} activations in a minute).`,
          `EEMUA 191 目标：每个操作台平均每小时不超过 ${KPI_TARGETS.perHour} 个报警，任意 10 分钟内不超过 ${KPI_TARGETS.per10Min} 个，无振荡报警（一分钟内激活 ≥ ${KPI_TARGETS.chatterPerMinute} 次）。`,
        ),
      ],
      tables: [
        table(
          'kpis',
          text('EEMUA 191 KPIs', 'EEMUA 191 指标'),
          [
            ['figure', L.figure],
            ['value', L.value, 'number'],
            ['target', L.target, 'number'],
            ['meets', L.meets],
          ],
          [
            [text('Annunciated alarms', '已通告报警'), k.annunciated, null, null],
            [text('Silenced (shelved/suppressed)', '静默（搁置/抑制）'), k.silenced, null, null],
            [text('Alarms per hour', '每小时报警数'), k.perHour, KPI_TARGETS.perHour, yesNo(k.meets.perHour)],
            [text('Alarms per 10 min', '每 10 分钟报警数'), k.per10Min, null, null],
            [
              text('Peak in 10 min', '10 分钟峰值'),
              k.peak10Min.count,
              KPI_TARGETS.per10Min,
              yesNo(k.meets.peak10Min),
            ],
            [text('Flood intervals', '报警泛滥区间'), k.floods.intervals, 0, null],
            [text('Top 10 share', '前十占比'), k.top10Share, null, null],
            [text('Chattering alarms', '振荡报警'), k.chattering.length, 0, yesNo(k.meets.noChattering)],
            [text('Standing alarms', '常驻报警'), k.standing.length, null, null],
            [text('Shelved alarms', '搁置报警'), k.shelved.length, null, null],
          ],
        ),
        table(
          'rate',
          rateTitle,
          [
            ['start', text('Start', '开始'), 'time'],
            ['alarms', L.count, 'integer'],
          ],
          starts.map((s, i) => [s, counts[i]!]),
        ),
      ],
      charts: [chart('bar', rateTitle, 'rate', 'start', ['alarms'])],
    },
    {
      title: text('Top 10 bad actors', '前十位"坏分子"报警'),
      charts: [chart('bar', text('Bad actors', '坏分子报警'), 'bad-actors', 'key', ['count'])],
      tables: [
        table(
          'bad-actors',
          text('Bad actors', '坏分子报警'),
          [
            key,
            ['source', L.source],
            ['condition', L.condition],
            ['count', L.count, 'integer'],
            ['share', L.share, 'ratio'],
          ],
          k.topBadActors.map((b) => [b.key, b.source, b.condition, b.count, b.share]),
          L.noRows,
        ),
      ],
    },
    {
      title: text('Chattering, standing and shelved', '振荡、常驻与搁置报警'),
      tables: [
        table(
          'chattering',
          text('Chattering alarms', '振荡报警'),
          [
            key,
            ['maxPerMinute', text('Most per minute', '每分钟最多'), 'integer'],
            ['count', L.count, 'integer'],
          ],
          k.chattering.map((c) => [c.key, c.maxPerMinute, c.count]),
          L.noRows,
        ),
        table(
          'standing',
          text('Standing alarms', '常驻报警'),
          [
            key,
            ['severity', L.severity],
            ['since', L.since, 'time'],
            ['active', L.activeTime, 'duration'],
            ['stale', L.stale],
          ],
          k.standing.map((s) => [s.key, s.severity, s.since, s.activeMs, yesNo(s.stale)]),
          L.noRows,
        ),
        table(
          'shelved',
          text('Shelved alarms', '搁置报警'),
          [key, ['since', L.since, 'time'], ['until', L.until, 'time'], ['by', L.by]],
          k.shelved.map((s) => [s.key, s.since, s.until, s.by]),
          L.noRows,
        ),
      ],
    },
  ]);
}
