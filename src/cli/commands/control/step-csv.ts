/** Reads the step-test CSV of `xinzhi control identify`. */
import { parse } from 'csv-parse/sync';
import type { StepData } from '../../../control/index.js';
import { parseTime, XinzhiError } from '../../../core/index.js';

/** Reads a step-test CSV: header with time (t|time|ts), input (u|op|input|mv) and output (y|pv|output). */
export function readStepCsv(text: string, file = 'step.csv'): StepData {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, comment: '#' }) as string[][];
  } catch (e) {
    throw new XinzhiError('BAD_INPUT', `${file}: not valid CSV (${(e as Error).message})`, {
      field: file,
      cause: e,
    });
  }
  const header = (rows[0] ?? []).map((h) => h.toLowerCase());
  const col = (names: string[], what: string): number => {
    const i = header.findIndex((h) => names.includes(h));
    if (i < 0)
      throw new XinzhiError('BAD_INPUT', `${file}: no ${what} column (one of ${names.join(', ')})`, {
        field: `${file}:1`,
      });
    return i;
  };
  const it = col(['t', 'time', 'ts', 'timestamp'], 'time');
  const iu = col(['u', 'op', 'input', 'mv'], 'input');
  const iy = col(['y', 'pv', 'output', 'cv'], 'output');
  const t: number[] = [];
  const u: number[] = [];
  const y: number[] = [];
  let t0: number | undefined;
  const problems: string[] = [];
  rows.slice(1).forEach((r, k) => {
    const line = k + 2;
    const ts = r[it] ?? '';
    // Plain numbers are seconds; ISO 8601 timestamps are converted to seconds from the first row.
    let sec = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(ts) ? Number(ts) : undefined;
    if (sec === undefined) {
      const ms = parseTime(ts);
      if (ms !== undefined) {
        t0 ??= ms;
        sec = (ms - t0) / 1000;
      }
    }
    const uv = Number(r[iu]);
    const yv = Number(r[iy]);
    if (sec === undefined)
      problems.push(`${file}:${line}: time '${ts}' is not a number of seconds or an ISO 8601 time`);
    else if (r[iu] === undefined || r[iu] === '' || !Number.isFinite(uv))
      problems.push(`${file}:${line}: input '${r[iu] ?? ''}' is not a number`);
    else if (r[iy] === undefined || r[iy] === '' || !Number.isFinite(yv))
      problems.push(`${file}:${line}: output '${r[iy] ?? ''}' is not a number`);
    else {
      t.push(sec);
      u.push(uv);
      y.push(yv);
    }
  });
  if (problems.length > 0)
    throw new XinzhiError(
      'BAD_INPUT',
      `${problems.length} bad row(s):\n${problems.slice(0, 20).join('\n')}`,
      {
        field: problems[0]!.split(':').slice(0, 2).join(':'),
        context: { problems },
      },
    );
  return { t, u, y };
}
