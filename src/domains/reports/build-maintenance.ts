/**
 * The maintenance report: remaining useful life per machine as of the period's end — state, RUL with
 * its 90 % band, health index, latest safe stop, alarm threshold and last alarm — and the model each
 * machine's mapping uses with its validation (a registered model's production version and the
 * evaluation its training run recorded; the health index is unsupervised and has none).
 *
 * The figures come from the maintenance service's `rulStatusAt` (the server's RUL feed run on the
 * stored mappings, points and models, replayed up to the period's end), so they are the ones
 * `GET /api/v1/rul/status` answers for the same stored data; `--asset` keeps a subtree.
 */
import { getRun, productionModel } from '../../analytics/runs/index.js';
import { rulMappingCollection, rulStatusAt } from '../maintenance/index.js';
import { type ColumnSpec, chart, reportDoc, table } from './report-blocks.js';
import type { ReportContext } from './report-context.js';
import { type Cell, type ReportDoc, type Text, text } from './report-doc.js';

const STATE: Record<string, Text> = {
  waiting: text('waiting for data', '等待数据'),
  healthy: text('healthy', '健康'),
  degrading: text('degrading', '劣化中'),
  alarm: text('alarm', '报警'),
  error: text('error', '错误'),
};

const inScope = (asset: string, under: string | undefined): boolean =>
  under === undefined || asset === under || asset.startsWith(`${under}/`);

export async function buildMaintenanceReport(ctx: ReportContext): Promise<ReportDoc> {
  // The period's end is exclusive: the status after the last point inside the period.
  const statuses = (await rulStatusAt(ctx.store, ctx.to - 1)).filter((s) => inScope(s.assetId, ctx.asset));
  const mappings = new Map(
    (await rulMappingCollection.listValid(ctx.store, () => {})).map(({ doc }) => [doc.assetId, doc] as const),
  );

  const rul: Cell[][] = statuses.map((s) => [
    s.assetId,
    s.model,
    STATE[s.state] ?? s.state,
    s.current?.rulMs ?? null,
    s.current?.lowMs ?? null,
    s.current?.highMs ?? null,
    s.current?.healthIndex ?? null,
    s.current?.latestSafeStop ?? null,
    s.alarmBelowMs,
    s.lastAlarmAt,
    s.current?.ts ?? null,
    s.error ?? null,
  ]);

  const models: Cell[][] = [];
  const validation: Cell[][] = [];
  const seenRuns = new Set<string>();
  for (const s of statuses) {
    const m = mappings.get(s.assetId)?.model;
    if (!m || m.kind === 'health-index') {
      models.push([
        s.assetId,
        s.model,
        null,
        null,
        text(
          'unsupervised health index: baseline learned from the machine’s first samples; no held-out validation',
          '无监督健康指数：基线取自设备最初的样本；无留出验证',
        ),
      ]);
      continue;
    }
    try {
      const prod = await productionModel(ctx.store, m.name);
      const run = await getRun(ctx.store, prod.runId);
      models.push([
        s.assetId,
        s.model,
        prod.version,
        prod.runId,
        text(`run ${run.name}`, `训练运行 ${run.name}`),
      ]);
      if (!seenRuns.has(prod.runId)) {
        seenRuns.add(prod.runId);
        for (const [k, v] of Object.entries(run.evaluation))
          if (typeof v === 'number') validation.push([m.name, prod.version, prod.runId, k, v]);
      }
    } catch (err) {
      models.push([s.assetId, s.model, null, null, err instanceof Error ? err.message : String(err)]);
    }
  }

  const count = (state: string) => statuses.filter((s) => s.state === state).length;
  const machine: ColumnSpec = ['asset', text('Machine', '设备')];
  const model: ColumnSpec = ['model', text('Model', '模型')];
  const version: ColumnSpec = ['version', text('Version', '版本'), 'integer'];
  const run: ColumnSpec = ['run', text('Training run', '训练运行')];
  return reportDoc(ctx, 'maintenance', text('Maintenance report', '维护报告'), [
    {
      title: text('Remaining useful life at the end of the period', '期末剩余使用寿命'),
      paragraphs: [
        text(
          'RUL with its 90 % band from the data stored up to the end of the period (the same computation as the live RUL feed). An empty RUL means no measurable degradation. Stop the machine by the latest safe stop.',
          '剩余使用寿命及其 90% 区间，按截至期末存储的数据计算（与实时 RUL 计算相同）。RUL 为空表示尚无可测的劣化。请在最晚安全停机时间之前停机。',
        ),
      ],
      facts: [
        { label: text('Machines monitored', '监测设备'), value: statuses.length },
        { label: text('In alarm', '报警'), value: count('alarm') },
        { label: text('Degrading', '劣化中'), value: count('degrading') },
        { label: text('Healthy', '健康'), value: count('healthy') },
        { label: text('Waiting or error', '等待或错误'), value: count('waiting') + count('error') },
      ],
      charts: [
        chart(
          'bar',
          text('RUL per machine with its 90 % band', '各设备剩余使用寿命及 90% 区间'),
          'rul',
          'asset',
          ['low', 'rul', 'high'],
        ),
      ],
      tables: [
        table(
          'rul',
          text('RUL per machine', '各设备剩余使用寿命'),
          [
            machine,
            model,
            ['state', text('State', '状态')],
            ['rul', text('RUL', '剩余寿命'), 'duration'],
            ['low', text('Band low', '区间下限'), 'duration'],
            ['high', text('Band high', '区间上限'), 'duration'],
            ['hi', text('Health index', '健康指数'), 'number', { decimals: 3 }],
            ['safeStop', text('Latest safe stop', '最晚安全停机'), 'time'],
            ['alarmBelow', text('Alarm below', '报警阈值'), 'duration'],
            ['lastAlarm', text('Last alarm', '最近报警'), 'time'],
            ['updated', text('Updated', '更新时间'), 'time'],
            ['error', text('Error', '错误')],
          ],
          rul,
          text(
            'No machine is mapped to a RUL model (PUT /api/v1/rul/mappings/{asset}).',
            '尚无设备映射到 RUL 模型（PUT /api/v1/rul/mappings/{asset}）。',
          ),
        ),
      ],
    },
    {
      title: text('Models in use and their validation', '所用模型及其验证'),
      tables: [
        table(
          'models',
          text('Model per machine', '各设备所用模型'),
          [machine, model, version, run, ['note', text('Validation', '验证')]],
          models,
        ),
        table(
          'validation',
          text('Validation of the registered models', '注册模型的验证结果'),
          [
            model,
            version,
            run,
            ['metric', text('Metric', '指标')],
            ['value', text('Value', '数值'), 'number', { decimals: 4 }],
          ],
          validation,
          text('No registered model in use.', '未使用注册模型。'),
        ),
      ],
    },
  ]);
}
