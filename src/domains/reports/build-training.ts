/**
 * The training-run evaluation report: the run (`--run`, else the latest finished one) as
 * `GET /api/v1/runs/{id}` gives it — its scalar evaluation figures, a per-class table with averages
 * when the evaluation has one (`classification` as seqeval's report, or `…ByType` F1 maps), a
 * confusion matrix when recorded, regression metrics, and the learning curves from its logged
 * metrics (a line chart with the table behind it).
 */
import { getRun, listRuns } from '../../analytics/runs/index.js';
import { XinzhiError } from '../../core/index.js';
import { L } from './labels.js';
import type { ReportContext } from './report-context.js';
import { type Cell, type ReportDoc, type Section, text } from './report-doc.js';

type Scores = { precision?: number; recall?: number; f1?: number; support?: number };
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export async function buildTrainingReport(ctx: ReportContext): Promise<ReportDoc> {
  let id = ctx.run;
  if (id === undefined) {
    const latest = (await listRuns(ctx.store, { limit: 50 })).find((r) => r.status === 'finished');
    if (!latest) throw new XinzhiError('NOT_FOUND', 'no finished training run; pass --run', { field: 'run' });
    id = latest.id;
  }
  const run = await getRun(ctx.store, id);
  const ev = run.evaluation;
  const scalars = Object.entries(ev).filter(([, v]) => typeof v === 'number') as [string, number][];
  const sections: Section[] = [
    {
      title: text('Run', '训练运行'),
      facts: [
        { label: text('Run', '运行'), value: run.id },
        { label: text('Kind', '类型'), value: run.kind },
        { label: text('Status', '状态'), value: run.status },
        { label: text('Data fingerprint', '数据指纹'), value: run.data.fingerprint.slice(0, 16) },
      ],
      tables: [
        {
          id: 'evaluation',
          title: text('Evaluation', '评估结果'),
          columns: [
            { key: 'metric', label: L.figure, kind: 'text' },
            { key: 'value', label: L.value, kind: 'number', decimals: 4 },
          ],
          rows: scalars.map(([k, v]) => [k, v]),
          empty: text('The run recorded no scalar evaluation.', '该运行未记录标量评估指标。'),
        },
      ],
    },
  ];
  // Per-class report: a seqeval-style `classification` object, else maps of F1 by class.
  const cls = isObj(ev['classification']) ? ev['classification'] : undefined;
  const perClass: Cell[][] = [];
  if (cls && isObj(cls['types'])) {
    for (const [name, s] of Object.entries(cls['types'] as Record<string, Scores>))
      perClass.push([name, s.precision ?? null, s.recall ?? null, s.f1 ?? null, s.support ?? null]);
    for (const avg of ['micro', 'macro', 'weighted'])
      if (isObj(cls[avg])) {
        const s = cls[avg] as Scores;
        perClass.push([
          text(`${avg} avg`, `${avg === 'micro' ? '微' : avg === 'macro' ? '宏' : '加权'}平均`),
          s.precision ?? null,
          s.recall ?? null,
          s.f1 ?? null,
          s.support ?? null,
        ]);
      }
  } else
    for (const [k, v] of Object.entries(ev))
      if (/ByType$|ByClass$/.test(k) && isObj(v))
        for (const [name, f1] of Object.entries(v))
          if (typeof f1 === 'number') perClass.push([name, null, null, f1, null]);
  if (perClass.length > 0)
    sections.push({
      title: text('Classification report', '分类报告'),
      charts: [
        { title: text('F1 per class', '各类别 F1'), kind: 'bar', table: 'classes', x: 'class', y: ['f1'] },
      ],
      tables: [
        {
          id: 'classes',
          title: text('Per class', '各类别'),
          columns: [
            { key: 'class', label: text('Class', '类别'), kind: 'text' },
            { key: 'precision', label: text('Precision', '精确率'), kind: 'number', decimals: 4 },
            { key: 'recall', label: text('Recall', '召回率'), kind: 'number', decimals: 4 },
            { key: 'f1', label: text('F1', 'F1'), kind: 'number', decimals: 4 },
            { key: 'support', label: text('Support', '支持数'), kind: 'integer' },
          ],
          rows: perClass,
        },
      ],
    });
  const cm = ev['confusion'];
  if (isObj(cm) && Array.isArray(cm['labels']) && Array.isArray(cm['matrix'])) {
    const labels = (cm['labels'] as unknown[]).map(String);
    sections.push({
      title: text('Confusion matrix (rows: true, columns: predicted)', '混淆矩阵（行：真实，列：预测）'),
      tables: [
        {
          id: 'confusion',
          title: text('Confusion matrix', '混淆矩阵'),
          columns: [
            { key: 'true', label: text('True class', '真实类别'), kind: 'text' },
            ...labels.map((l, i) => ({ key: `p${i}`, label: text(l, l), kind: 'integer' as const })),
          ],
          rows: (cm['matrix'] as unknown[]).map((r, i) => [
            labels[i] ?? String(i),
            ...(Array.isArray(r) ? r.map((x) => (typeof x === 'number' ? x : null)) : []),
          ]),
        },
      ],
    });
  }
  const names = Object.keys(run.metrics);
  if (names.length > 0) {
    const steps = [...new Set(names.flatMap((n) => run.metrics[n]!.map(([s]) => s)))].sort((a, b) => a - b);
    const at = names.map((n) => new Map(run.metrics[n]!.map(([s, v]) => [s, v])));
    sections.push({
      title: text('Learning curves', '学习曲线'),
      charts: [
        { title: text('Metrics per step', '各步指标'), kind: 'line', table: 'curves', x: 'step', y: names },
      ],
      tables: [
        {
          id: 'curves',
          title: text('Logged metrics', '记录的指标'),
          columns: [
            { key: 'step', label: text('Step', '步'), kind: 'integer' },
            ...names.map((n) => ({ key: n, label: text(n, n), kind: 'number' as const, decimals: 4 })),
          ],
          rows: steps.map((s) => [s, ...at.map((m) => m.get(s) ?? null)]),
        },
      ],
    });
  }
  return {
    type: 'training',
    title: text('Training run evaluation', '训练运行评估报告'),
    site: ctx.site,
    timeZone: ctx.zone.name,
    from: ctx.from,
    to: ctx.to,
    generatedAt: ctx.now,
    sections,
  };
}
