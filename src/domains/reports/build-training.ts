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
import { type ColumnSpec, chart, reportDoc, table } from './report-blocks.js';
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
  const four = { decimals: 4 };
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
        table(
          'evaluation',
          text('Evaluation', '评估结果'),
          [
            ['metric', L.figure],
            ['value', L.value, 'number', four],
          ],
          scalars.map(([k, v]) => [k, v]),
          text('The run recorded no scalar evaluation.', '该运行未记录标量评估指标。'),
        ),
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
      charts: [chart('bar', text('F1 per class', '各类别 F1'), 'classes', 'class', ['f1'])],
      tables: [
        table(
          'classes',
          text('Per class', '各类别'),
          [
            ['class', text('Class', '类别')],
            ['precision', text('Precision', '精确率'), 'number', four],
            ['recall', text('Recall', '召回率'), 'number', four],
            ['f1', text('F1', 'F1'), 'number', four],
            ['support', text('Support', '支持数'), 'integer'],
          ],
          perClass,
        ),
      ],
    });
  const cm = ev['confusion'];
  if (isObj(cm) && Array.isArray(cm['labels']) && Array.isArray(cm['matrix'])) {
    const labels = (cm['labels'] as unknown[]).map(String);
    sections.push({
      title: text('Confusion matrix (rows: true, columns: predicted)', '混淆矩阵（行：真实，列：预测）'),
      tables: [
        table(
          'confusion',
          text('Confusion matrix', '混淆矩阵'),
          [
            ['true', text('True class', '真实类别')],
            ...labels.map((l, i): ColumnSpec => [`p${i}`, text(l, l), 'integer']),
          ],
          (cm['matrix'] as unknown[]).map((r, i) => [
            labels[i] ?? String(i),
            ...(Array.isArray(r) ? r.map((x) => (typeof x === 'number' ? x : null)) : []),
          ]),
        ),
      ],
    });
  }
  const names = Object.keys(run.metrics);
  if (names.length > 0) {
    const steps = [...new Set(names.flatMap((n) => run.metrics[n]!.map(([s]) => s)))].sort((a, b) => a - b);
    const at = names.map((n) => new Map(run.metrics[n]!.map(([s, v]) => [s, v])));
    sections.push({
      title: text('Learning curves', '学习曲线'),
      charts: [chart('line', text('Metrics per step', '各步指标'), 'curves', 'step', names)],
      tables: [
        table(
          'curves',
          text('Logged metrics', '记录的指标'),
          [
            ['step', text('Step', '步'), 'integer'],
            ...names.map((n): ColumnSpec => [n, text(n, n), 'number', four]),
          ],
          steps.map((s) => [s, ...at.map((m) => m.get(s) ?? null)]),
        ),
      ],
    });
  }
  return reportDoc(ctx, 'training', text('Training run evaluation', '训练运行评估报告'), sections);
}
