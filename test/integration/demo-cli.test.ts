import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseStart } from '../../src/cli/commands/demo.js';
import type { CliContext } from '../../src/cli/context.js';
import { buildProgram } from '../../src/cli/main.js';
import { type PlainBroker, startPlainBroker } from '../../src/ingest/mqtt/plain-broker.fixture.js';

let broker: PlainBroker;
let url = '';

beforeAll(async () => {
  broker = await startPlainBroker();
  url = broker.url;
});
afterAll(() => broker.close());
afterEach(() => {
  process.exitCode = undefined;
});

async function run(...args: string[]): Promise<{ out: string; err: string; code: number | undefined }> {
  let out = '';
  let err = '';
  const ctx: CliContext = { stdout: (t) => (out += `${t}\n`), stderr: (t) => (err += `${t}\n`) };
  await buildProgram(ctx)
    .exitOverride()
    .parseAsync(['node', 'xinzhi', 'demo', ...args]);
  const code = process.exitCode === undefined ? undefined : Number(process.exitCode);
  return { out, err, code };
}

describe('xinzhi demo', () => {
  it('publishes to a broker for --duration and prints one JSON document', async () => {
    const start = '2026-06-01T06:00:00+08:00';
    const r = await run(
      '--broker',
      url,
      '--speed',
      '3600',
      '--start',
      start,
      '--duration',
      '1500ms',
      '--json',
    );
    expect(r.code).toBeUndefined();
    const stats = JSON.parse(r.out);
    expect(stats).toMatchObject({ seed: 42, speed: 3600, simStart: '2026-05-31T22:00:00.000Z', errors: 0 });
    expect(stats.points).toBeGreaterThan(10_000);
    // ~1.5 s at 3600× is ~1.5 simulated hours, published in whole frames of one simulated hour.
    expect(Date.parse(stats.simTime) - Date.parse(stats.simStart)).toBeGreaterThanOrEqual(3_600_000);
  });

  it('rejects bad flags with exit code 2, naming the flag', async () => {
    const speed = await run('--broker', url, '--speed', '0', '--json');
    expect(speed.code).toBe(2);
    expect(JSON.parse(speed.out).error.field).toBe('speed');
    const seed = await run('--broker', url, '--seed', 'abc');
    expect(seed.code).toBe(2);
    expect(seed.err).toMatch(/--seed/);
    const start = await run('--broker', url, '--start', 'yesterday');
    expect(start.err).toMatch(/--start 'yesterday'/);
    const refused = await run('--broker', 'mqtt://127.0.0.1:1', '--duration', '1s');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/cannot connect to MQTT broker mqtt:\/\/127\.0\.0\.1:1/);
  });

  it('reads --start as ISO, epoch ms or a duration back from now', () => {
    expect(parseStart('-1d', 100 * 86_400_000)).toBe(99 * 86_400_000);
    expect(parseStart('-90m', 10_000_000)).toBe(10_000_000 - 5_400_000);
    expect(parseStart('2026-06-01T00:00:00Z', 0)).toBe(Date.UTC(2026, 5, 1));
    expect(parseStart('1780000000000', 0)).toBe(1_780_000_000_000);
  });
});
