/**
 * The fuzz suite of issue 13 in CI: every parser and every body-taking route, hand-made nasties
 * plus generated inputs, must answer with a result or a client error (0 crashes). The counts are
 * printed; `npm run bench -- fuzz` runs more inputs and prints them as a table.
 */
import { describe, expect, it } from 'vitest';
import { parserTargets, routeTargets, runFuzz } from './targets.js';

describe('fuzz: nothing a client sends crashes a parser or a route', () => {
  it('parsers (MQTT payload and topic, CSV, JSON, NDJSON, time, readings and ids, HTTP batch body)', async () => {
    const rows = await runFuzz(parserTargets(), 0.5);
    console.table(rows.map((r) => ({ target: r.target, inputs: r.inputs, crashes: r.crashes })));
    expect(rows.filter((r) => r.crashes > 0)).toEqual([]);
  }, 60_000);

  it('HTTP routes that take bodies answer < 500, with problem+json for every 4xx', async () => {
    const rows = await runFuzz(await routeTargets(), 0.5);
    console.table(rows.map((r) => ({ target: r.target, inputs: r.inputs, crashes: r.crashes })));
    expect(rows.filter((r) => r.crashes > 0)).toEqual([]);
  }, 60_000);
});
