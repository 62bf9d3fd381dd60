/**
 * The classification view of RUL: "fails within N cycles" is the positive class. A per-class
 * precision / recall / F1 / support report (as scikit-learn's classification_report prints it)
 * and the confusion matrix, from true and predicted remaining lives.
 */
export interface ClassMetrics {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface ClassificationReport {
  readonly horizon: number;
  readonly classes: readonly [ClassMetrics, ClassMetrics];
  readonly accuracy: number;
  readonly macro: Omit<ClassMetrics, 'label'>;
  readonly weighted: Omit<ClassMetrics, 'label'>;
  /** Rows: true class (0 = later, 1 = within N), columns: predicted class. */
  readonly confusion: readonly [readonly [number, number], readonly [number, number]];
}

const safe = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function classificationReport(
  truth: ArrayLike<number>,
  pred: ArrayLike<number>,
  horizon = 30,
): ClassificationReport {
  if (truth.length !== pred.length) throw new RangeError('truth and pred differ in length');
  const cm = [
    [0, 0],
    [0, 0],
  ] as [[number, number], [number, number]];
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]! <= horizon ? 1 : 0;
    const p = pred[i]! <= horizon ? 1 : 0;
    cm[t][p]++;
  }
  const metrics = (c: 0 | 1, label: string): ClassMetrics => {
    const tp = cm[c][c];
    const predicted = cm[0][c] + cm[1][c];
    const support = cm[c][0] + cm[c][1];
    const precision = safe(tp, predicted);
    const recall = safe(tp, support);
    return { label, precision, recall, f1: safe(2 * precision * recall, precision + recall), support };
  };
  const later = metrics(0, `> ${horizon} cycles`);
  const within = metrics(1, `≤ ${horizon} cycles`);
  const n = truth.length;
  const avg = (w0: number, w1: number) => ({
    precision: w0 * later.precision + w1 * within.precision,
    recall: w0 * later.recall + w1 * within.recall,
    f1: w0 * later.f1 + w1 * within.f1,
    support: n,
  });
  return {
    horizon,
    classes: [later, within],
    accuracy: safe(cm[0][0] + cm[1][1], n),
    macro: avg(0.5, 0.5),
    weighted: avg(safe(later.support, n), safe(within.support, n)),
    confusion: cm,
  };
}

/** The report as aligned text, for the CLI and the evaluation. */
export function formatClassificationReport(r: ClassificationReport): string {
  const f = (v: number): string => v.toFixed(2).padStart(9);
  const rows = [
    `${''.padEnd(16)}${'precision'.padStart(9)}${'recall'.padStart(9)}${'f1'.padStart(9)}${'support'.padStart(9)}`,
    ...r.classes.map(
      (c) => `${c.label.padEnd(16)}${f(c.precision)}${f(c.recall)}${f(c.f1)}${String(c.support).padStart(9)}`,
    ),
    `${'accuracy'.padEnd(16)}${''.padStart(18)}${f(r.accuracy)}${String(r.macro.support).padStart(9)}`,
    `${'macro avg'.padEnd(16)}${f(r.macro.precision)}${f(r.macro.recall)}${f(r.macro.f1)}${String(r.macro.support).padStart(9)}`,
    `${'weighted avg'.padEnd(16)}${f(r.weighted.precision)}${f(r.weighted.recall)}${f(r.weighted.f1)}${String(r.weighted.support).padStart(9)}`,
    '',
    `confusion (rows true, columns predicted): [${r.confusion[0].join(', ')}] [${r.confusion[1].join(', ')}]`,
  ];
  return rows.join('\n');
}
