/**
 * Guesses the delimiter and the decimal mark from the head of a file. European exports often use
 * `;` between fields and `,` in numbers (`21,5`). csv-parse can guess a delimiter, but not the
 * decimal mark, and both come from the same evidence, so both are decided here from one sample.
 */
export interface Dialect {
  readonly delimiter: string;
  readonly decimal: '.' | ',';
}

const CANDIDATES = [',', ';', '\t', '|'] as const;

/** Counts `ch` outside double quotes in `line`. */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ch) n++;
  }
  return n;
}

/** Chooses the delimiter that splits the sample's lines into the same, largest number of fields. */
export function sniffDialect(sample: string): Dialect {
  const lines = sample
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .slice(0, 50);
  // Drop the last line: the sample may cut it.
  if (lines.length > 2) lines.pop();
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  let best: string = ',';
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const counts = nonEmpty.map((l) => countOutsideQuotes(l, d));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = consistent * 100 + first;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  // Decimal comma: only possible when the delimiter is not a comma, and seen as digit,digit in fields.
  let decimal: '.' | ',' = '.';
  if (best !== ',') {
    let commas = 0;
    let dots = 0;
    for (const l of nonEmpty.slice(1)) {
      for (const f of l.split(best)) {
        const v = f.trim().replace(/^"|"$/g, '');
        if (/^[+-]?\d+,\d+$/.test(v)) commas++;
        else if (/^[+-]?\d+\.\d+$/.test(v)) dots++;
      }
    }
    if (commas > dots) decimal = ',';
  }
  return { delimiter: best, decimal };
}
