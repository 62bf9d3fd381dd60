import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyAddressModel } from '../../domains/ask/address.fixture.js';
import { runCli } from '../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-ask-'));
const model = join(dir, 'address.json');
const NOW = '2026-12-05T09:30:00+08:00';
let saved: string | undefined;
beforeAll(() => {
  writeFileSync(model, JSON.stringify(tinyAddressModel().file));
  saved = process.env['XINZHI_ADDRESS_MODEL'];
  process.env['XINZHI_ADDRESS_MODEL'] = model;
});
afterAll(() => {
  if (saved === undefined) delete process.env['XINZHI_ADDRESS_MODEL'];
  else process.env['XINZHI_ADDRESS_MODEL'] = saved;
});

describe('xinzhi ask', () => {
  it('prints one contract object with --json', async () => {
    const r = await runCli(['ask', '明天下午送三十件T恤到上海市浦东新区张江路88号', '--now', NOW, '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out);
    expect(o).toMatchObject({
      kind: 'delivery',
      items: [{ goods: 'T恤', quantity: 30, unit: '件' }],
      action: 'create',
    });
    expect(o.window).toEqual({ start: '2026-12-06T13:00:00+08:00', end: '2026-12-06T18:00:00+08:00' });
  });
  it('--batch keeps ids and order; a bad line becomes an invalid result naming the line', async () => {
    const file = join(dir, 'in.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'a', text: '明天上午送20箱牛奶', now: NOW }),
        '{not json',
        JSON.stringify({ id: 'c', text: '', now: NOW }),
        JSON.stringify({
          id: 'd',
          text: 'Spray field 8 with Prosaro at 300 mL/ha tomorrow',
          now: '2026-12-08T07:45:00+11:00',
        }),
        JSON.stringify({ id: 'e', text: '送10箱水', now: 'yesterday' }),
        '',
      ].join('\n'),
    );
    const r = await runCli(['ask', '--batch', file, '--json']);
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', null, 'c', 'd', 'e']);
    expect(lines[0]).toMatchObject({ kind: 'invalid', missing: ['address'] });
    expect(lines[1]).toMatchObject({ kind: 'invalid', issue: 'not_instruction' });
    expect(lines[1].reason).toMatch(/^line 2: invalid JSON/);
    expect(lines[2].reason).toMatch(/^line 3: text: the instruction is empty/);
    expect(lines[3]).toMatchObject({
      kind: 'field_op',
      operation: 'spray',
      field: 'field 8',
      rate: { value: 300, unit: 'mL/ha' },
    });
    expect(lines[4].reason).toMatch(/line 5: now:/);
  });
  it('malformed invocations are clear errors with exit codes', async () => {
    const none = await runCli(['ask', '--json']);
    expect(none.code).not.toBe(0);
    expect(JSON.parse(none.out).error.code).toBe('BAD_INPUT');
    const empty = await runCli(['ask', '  ', '--now', NOW]);
    expect(empty.err).toMatch(/BAD_INPUT.*empty/);
    const missing = await runCli(['ask', '--batch', join(dir, 'nope.jsonl')]);
    expect(missing.err).toMatch(/NOT_FOUND/);
    const badModel = await runCli(['ask', '送10箱水', '--address-model', join(dir, 'nope.json')]);
    expect(badModel.err).toMatch(/NOT_FOUND.*address model/);
    const binary = await runCli(['ask', 'a\u0001b', '--now', NOW]);
    expect(binary.err).toMatch(/binary or control/);
  });
});
