/**
 * Classification report as scikit-learn prints it: per-class precision, recall, F1 and support,
 * their macro averages, accuracy, and the confusion matrix (rows: true class, columns: predicted).
 */
export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface ClassificationReport {
  readonly accuracy: number;
  readonly macro: { readonly precision: number; readonly recall: number; readonly f1: number };
  readonly classes: Record<string, ClassScores>;
  readonly labels: string[];
  readonly confusion: number[][];
  readonly images: number;
}

export function confusionMatrix(
  truth: readonly number[],
  pred: readonly number[],
  classes: number,
): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  truth.forEach((t, i) => {
    m[t]![pred[i]!]! += 1;
  });
  return m;
}

/** The report of a confusion matrix; a class never predicted has precision 0, as sklearn's default. */
export function reportOf(confusion: number[][], labels: readonly string[]): ClassificationReport {
  const C = labels.length;
  let correct = 0;
  let total = 0;
  const classes: Record<string, ClassScores> = {};
  let p = 0;
  let r = 0;
  let f = 0;
  let present = 0;
  for (let c = 0; c < C; c++) {
    const tp = confusion[c]![c]!;
    const support = confusion[c]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[c]!, 0);
    correct += tp;
    total += support;
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    classes[labels[c]!] = { precision, recall, f1, support };
    // Macro averages over the classes that occur in the truth, as a per-class mean should.
    if (support > 0) {
      p += precision;
      r += recall;
      f += f1;
      present++;
    }
  }
  const d = present || 1;
  return {
    accuracy: total > 0 ? correct / total : 0,
    macro: { precision: p / d, recall: r / d, f1: f / d },
    classes,
    labels: [...labels],
    confusion,
    images: total,
  };
}

export function classificationReport(
  truth: readonly number[],
  pred: readonly number[],
  labels: readonly string[],
): ClassificationReport {
  return reportOf(confusionMatrix(truth, pred, labels.length), labels);
}

/** Fixed-width text of a report, for the CLI and the eval. */
export function formatReport(r: ClassificationReport): string {
  const w = Math.max(12, ...r.labels.map((l) => l.length));
  const pct = (v: number): string => (v * 100).toFixed(2).padStart(9);
  const lines = [`${'class'.padEnd(w)} precision    recall        F1   support`];
  for (const l of r.labels) {
    const c = r.classes[l]!;
    lines.push(
      `${l.padEnd(w)}${pct(c.precision)} ${pct(c.recall)} ${pct(c.f1)} ${String(c.support).padStart(9)}`,
    );
  }
  lines.push(
    `${'macro avg'.padEnd(w)}${pct(r.macro.precision)} ${pct(r.macro.recall)} ${pct(r.macro.f1)} ${String(r.images).padStart(9)}`,
  );
  lines.push(`accuracy ${(r.accuracy * 100).toFixed(2)} % on ${r.images} images`);
  lines.push('confusion (rows: true, columns: predicted, in the order above)');
  for (const [i, row] of r.confusion.entries())
    lines.push(`${(r.labels[i] ?? '').padEnd(w)}${row.map((v) => String(v).padStart(6)).join('')}`);
  return lines.join('\n');
}
