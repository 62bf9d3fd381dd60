import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.fixture.js';

const run = (...args: string[]) => runCli(args, { newline: false });

afterEach(() => {
  process.exitCode = 0;
});

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-detect-'));
function series(): string {
  const rows = ['timestamp,value'];
  for (let i = 0; i < 3000; i++) {
    const t = new Date(Date.UTC(2024, 0, 1) + i * 300_000).toISOString().replace('T', ' ').slice(0, 19);
    const v = i === 2500 ? 500 : 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 13) / 13;
    rows.push(`${t},${v}`);
  }
  return `${rows.join('\n')}\n`;
}

describe('xinzhi detect', () => {
  it('writes one output row per input row, in order, and flags the spike', async () => {
    const input = join(dir, 'in.csv');
    const outFile = join(dir, 'out.csv');
    writeFileSync(input, series());
    const r = await run('detect', input, '--out', outFile);
    expect(r.code).toBe(0);
    const lines = readFileSync(outFile, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score,alert');
    expect(lines.length).toBe(3001);
    expect(lines[1]?.startsWith('2024-01-01 00:00:00,')).toBe(true);
    const alertRows = lines.slice(1).flatMap((l, i) => (l.endsWith(',1') ? [i] : []));
    expect(alertRows).toContain(2500);
  });
  it('--json prints exactly one JSON summary', async () => {
    const input = join(dir, 'in2.csv');
    writeFileSync(input, series());
    const r = await run('detect', input, '--json');
    const j = JSON.parse(r.out) as { rows: number; alerts: number };
    expect(j.rows).toBe(3000);
    expect(j.alerts).toBeGreaterThanOrEqual(1);
  });
  it('bad rows give exit code 2 naming every line', async () => {
    const input = join(dir, 'bad.csv');
    writeFileSync(input, 'timestamp,value\nsoon,1\n2024-01-01,abc\n');
    const r = await run('detect', input);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.csv:2/);
    expect(r.err).toMatch(/bad\.csv:3/);
  });
  it('a missing file gives exit code 3', async () => {
    expect((await run('detect', join(dir, 'nope.csv'))).code).toBe(3);
  });
});
