/**
 * The agriculture report per field (`--asset` a field, else every field with settings): the FAO-56
 * water balance of the days before `to`, the irrigation schedule planned from `to` (MILP, greedy
 * as fallback), the degree-day pest models with their next stage, and the pest alarms raised in
 * the period. The figures are those of `GET /api/v1/farm/field` with the clock at `to`.
 */
import { solveInWorker } from '../../optimize/index.js';
import {
  degreeDaysFromStore,
  fieldWaterFromStore,
  listFieldParams,
  PEST_ALARM_KIND,
} from '../agriculture/index.js';
import { type ColumnSpec, chart, reportDoc, table } from './report-blocks.js';
import type { ReportContext } from './report-context.js';
import { type Cell, type ReportDoc, text } from './report-doc.js';

export async function buildAgricultureReport(ctx: ReportContext): Promise<ReportDoc> {
  const fields =
    ctx.asset !== undefined ? [ctx.asset] : (await listFieldParams(ctx.store)).map((f) => f.fieldId);
  const water: Cell[][] = [];
  const irrigation: Cell[][] = [];
  const pests: Cell[][] = [];
  const alarms: Cell[][] = [];
  let volume = 0;
  let stress = 0;
  for (const field of fields) {
    const w = await fieldWaterFromStore(ctx.store, field, {
      now: ctx.to,
      days: 7,
      method: 'lp',
      solve: (p, o) => solveInWorker(p, o),
    });
    for (const d of w.history) water.push([field, d.date, d.et0, d.etcAdj, d.rain, d.dr, d.raw, d.taw, d.ks]);
    for (const e of w.schedule.plan.events)
      irrigation.push([field, e.date, e.netMm, e.grossMm, e.volumeM3, e.reason]);
    volume += w.schedule.plan.totals.volumeM3;
    stress += w.schedule.plan.fields[0]?.summary.stressDays ?? 0;
    const dd = await degreeDaysFromStore(ctx.store, field, { now: ctx.to });
    for (const m of dd.models)
      pests.push([
        field,
        m.name,
        m.status.cumulative,
        m.status.lastStage ?? null,
        m.status.next?.stage ?? null,
        m.status.next?.remaining ?? null,
        m.status.next?.predictedDate ?? null,
      ]);
    for (const e of await ctx.store.listEvents({
      kind: PEST_ALARM_KIND,
      assetId: field,
      from: ctx.from,
      to: ctx.to,
    }))
      alarms.push([field, e.ts, e.severity ?? null, e.message]);
  }
  const field: ColumnSpec = ['field', text('Field', '地块')];
  const fieldDay: ColumnSpec[] = [field, ['date', text('Date', '日期')]];
  const mm = { unit: 'mm' };
  const degreeDays = { unit: '°C·d' };
  return reportDoc(ctx, 'agriculture', text('Agriculture report', '农业报告'), [
    {
      title: text('Water balance (FAO-56)', '土壤水分平衡（FAO-56）'),
      paragraphs: [
        text(
          'Root-zone depletion Dr against the readily available water RAW: irrigation is due before Dr exceeds RAW (then the crop is stressed, Ks < 1).',
          '根区亏缺量 Dr 与易利用水量 RAW 比较：在 Dr 超过 RAW 之前需要灌溉（超过后作物受胁迫，Ks < 1）。',
        ),
      ],
      facts: [
        { label: text('Fields', '地块数'), value: fields.length },
        { label: text('Planned irrigation', '计划灌溉量'), value: Math.round(volume * 10) / 10, unit: 'm³' },
        { label: text('Stress days in the plan', '计划内胁迫天数'), value: stress },
      ],
      // One field's days read as a line; several fields' would interleave on one axis.
      charts:
        fields.length === 1
          ? [
              chart(
                'line',
                text('Depletion and readily available water', '亏缺量与易利用水量'),
                'water',
                'date',
                ['dr', 'raw'],
              ),
            ]
          : [],
      tables: [
        table(
          'water',
          text('Daily water balance', '逐日水分平衡'),
          [
            ...fieldDay,
            ['et0', text('ET0', 'ET0'), 'number', mm],
            ['etc', text('ETc adj', '调整后 ETc'), 'number', mm],
            ['rain', text('Rain', '降雨'), 'number', mm],
            ['dr', text('Depletion Dr', '亏缺量 Dr'), 'number', mm],
            ['raw', text('RAW', '易利用水量 RAW'), 'number', mm],
            ['taw', text('TAW', '总有效水量 TAW'), 'number', mm],
            ['ks', text('Ks', '胁迫系数 Ks'), 'number'],
          ],
          water,
          text('No field with settings.', '没有设置参数的地块。'),
        ),
      ],
    },
    {
      title: text('Irrigation schedule', '灌溉计划'),
      tables: [
        table(
          'irrigation',
          text('Planned irrigations', '计划灌溉'),
          [
            ...fieldDay,
            ['net', text('Net', '净灌水量'), 'number', mm],
            ['gross', text('Gross', '毛灌水量'), 'number', mm],
            ['volume', text('Volume', '水量'), 'number', { unit: 'm³' }],
            ['reason', text('Reason', '原因')],
          ],
          irrigation,
          text('No irrigation needed in the horizon.', '计划期内无需灌溉。'),
        ),
      ],
    },
    {
      title: text('Pest risk (degree days)', '病虫害风险（积温）'),
      tables: [
        table(
          'pests',
          text('Degree-day models', '积温模型'),
          [
            field,
            ['model', text('Model', '模型')],
            ['cumulative', text('Degree days', '累计积温'), 'number', degreeDays],
            ['last', text('Stage reached', '已达阶段')],
            ['next', text('Next stage', '下一阶段')],
            ['remaining', text('Still needed', '尚需积温'), 'number', degreeDays],
            ['predicted', text('Predicted date', '预测日期')],
          ],
          pests,
          text('No pest models set.', '未设置病虫害模型。'),
        ),
        table(
          'pest-alarms',
          text('Pest alarms in the period', '本期病虫害报警'),
          [
            field,
            ['ts', text('Time', '时间'), 'time'],
            ['severity', text('Severity', '严重度')],
            ['message', text('Message', '内容')],
          ],
          alarms,
          text('None.', '无。'),
        ),
      ],
    },
  ]);
}
