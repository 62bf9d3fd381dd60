/**
 * The alarm-system report after EEMUA 191: rate per hour and per 10 minutes against the targets,
 * the top 10 bad actors, chattering, standing and shelved alarms. The figures are those of
 * `GET /api/v1/alarms/kpis` for the same window (the same `storedAlarmKpis`).
 */
import { KPI_TARGETS, storedAlarmKpis } from '../../analytics/index.js';
import { bucketOf, trendBuckets } from './buckets.js';
import { L } from './labels.js';
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
  const yn = (b: boolean) => (b ? L.yes : L.no);
  return {
    type: 'alarms',
    title: text('Alarm system performance (EEMUA 191)', '报警系统绩效（EEMUA 191）'),
    site: ctx.site,
    timeZone: ctx.zone.name,
    from: ctx.from,
    to: ctx.to,
    generatedAt: ctx.now,
    sections: [
      {
        title: text('Key figures', '关键指标'),
        paragraphs: [
          text(
            `EEMUA 191 targets: at most ${KPI_TARGETS.perHour} alarms per hour per console on average, at most ${KPI_TARGETS.per10Min} in any 10 minutes, no chattering alarms (≥ ${KPI_TARGETS.chatterPerMinute} activations in a minute).`,
            `EEMUA 191 目标：每个操作台平均每小时不超过 ${KPI_TARGETS.perHour} 个报警，任意 10 分钟内不超过 ${KPI_TARGETS.per10Min} 个，无振荡报警（一分钟内激活 ≥ ${KPI_TARGETS.chatterPerMinute} 次）。`,
          ),
        ],
        tables: [
          {
            id: 'kpis',
            title: text('EEMUA 191 KPIs', 'EEMUA 191 指标'),
            columns: [
              { key: 'figure', label: L.figure, kind: 'text' },
              { key: 'value', label: L.value, kind: 'number' },
              { key: 'target', label: L.target, kind: 'number' },
              { key: 'meets', label: L.meets, kind: 'text' },
            ],
            rows: [
              [text('Annunciated alarms', '已通告报警'), k.annunciated, null, null],
              [text('Silenced (shelved/suppressed)', '静默（搁置/抑制）'), k.silenced, null, null],
              [text('Alarms per hour', '每小时报警数'), k.perHour, KPI_TARGETS.perHour, yn(k.meets.perHour)],
              [text('Alarms per 10 min', '每 10 分钟报警数'), k.per10Min, null, null],
              [
                text('Peak in 10 min', '10 分钟峰值'),
                k.peak10Min.count,
                KPI_TARGETS.per10Min,
                yn(k.meets.peak10Min),
              ],
              [text('Flood intervals', '报警泛滥区间'), k.floods.intervals, 0, null],
              [text('Top 10 share', '前十占比'), k.top10Share, null, null],
              [text('Chattering alarms', '振荡报警'), k.chattering.length, 0, yn(k.meets.noChattering)],
              [text('Standing alarms', '常驻报警'), k.standing.length, null, null],
              [text('Shelved alarms', '搁置报警'), k.shelved.length, null, null],
            ],
          },
          {
            id: 'rate',
            title:
              unit === 'h'
                ? text('Alarms raised per hour', '每小时报警数')
                : text('Alarms raised per day', '每日报警数'),
            columns: [
              { key: 'start', label: text('Start', '开始'), kind: 'time' },
              { key: 'alarms', label: L.count, kind: 'integer' },
            ],
            rows: starts.map((s, i) => [s, counts[i]!]),
          },
        ],
        charts: [
          {
            title:
              unit === 'h'
                ? text('Alarms raised per hour', '每小时报警数')
                : text('Alarms raised per day', '每日报警数'),
            kind: 'bar',
            table: 'rate',
            x: 'start',
            y: ['alarms'],
          },
        ],
      },
      {
        title: text('Top 10 bad actors', '前十位"坏分子"报警'),
        charts: [
          {
            title: text('Bad actors', '坏分子报警'),
            kind: 'bar',
            table: 'bad-actors',
            x: 'key',
            y: ['count'],
          },
        ],
        tables: [
          {
            id: 'bad-actors',
            title: text('Bad actors', '坏分子报警'),
            columns: [
              { key: 'key', label: L.key, kind: 'text' },
              { key: 'source', label: L.source, kind: 'text' },
              { key: 'condition', label: L.condition, kind: 'text' },
              { key: 'count', label: L.count, kind: 'integer' },
              { key: 'share', label: L.share, kind: 'ratio' },
            ],
            rows: k.topBadActors.map((b) => [b.key, b.source, b.condition, b.count, b.share]),
            empty: L.noRows,
          },
        ],
      },
      {
        title: text('Chattering, standing and shelved', '振荡、常驻与搁置报警'),
        tables: [
          {
            id: 'chattering',
            title: text('Chattering alarms', '振荡报警'),
            columns: [
              { key: 'key', label: L.key, kind: 'text' },
              { key: 'maxPerMinute', label: text('Most per minute', '每分钟最多'), kind: 'integer' },
              { key: 'count', label: L.count, kind: 'integer' },
            ],
            rows: k.chattering.map((c) => [c.key, c.maxPerMinute, c.count]),
            empty: L.noRows,
          },
          {
            id: 'standing',
            title: text('Standing alarms', '常驻报警'),
            columns: [
              { key: 'key', label: L.key, kind: 'text' },
              { key: 'severity', label: L.severity, kind: 'text' },
              { key: 'since', label: L.since, kind: 'time' },
              { key: 'active', label: L.activeTime, kind: 'duration' },
              { key: 'stale', label: L.stale, kind: 'text' },
            ],
            rows: k.standing.map((s) => [s.key, s.severity, s.since, s.activeMs, yn(s.stale)]),
            empty: L.noRows,
          },
          {
            id: 'shelved',
            title: text('Shelved alarms', '搁置报警'),
            columns: [
              { key: 'key', label: L.key, kind: 'text' },
              { key: 'since', label: L.since, kind: 'time' },
              { key: 'until', label: L.until, kind: 'time' },
              { key: 'by', label: L.by, kind: 'text' },
            ],
            rows: k.shelved.map((s) => [s.key, s.since, s.until, s.by]),
            empty: L.noRows,
          },
        ],
      },
    ],
  };
}
