import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger, trace } from '../../ledger/index.js';
import { item, lot, recordSupplyChain } from '../../ledger/trace/supply-chain.fixture.js';
import { openStoreFromOptions } from '../open-store.js';
import { runCli } from '../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xz-trace-'));
const db = join(dir, 'x.db');

beforeAll(async () => {
  const store = await openStoreFromOptions({ db });
  try {
    const ledger = await Ledger.open({ store: store.ledger });
    await recordSupplyChain(ledger);
    await ledger.checkpoint();
  } finally {
    await store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xinzhi trace', () => {
  it('--forward --json: the flour and bread made from a wheat lot, each hop with a proof', async () => {
    const r = await runCli(['trace', lot('W1'), '--forward', '--json', '--db', db]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as trace.TraceResult;
    expect(j.nodes.map((n) => n.id)).toContain(trace.traceKey(item(2)));
    expect(j.hops.every((h) => h.proof !== null)).toBe(true);
    expect(j.checkpoint?.note).toContain('xinzhi.local/ledger');
  });

  it('--backward as text lists the sources and who last held them', async () => {
    const r = await runCli(['trace', item(1), '--backward', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('backward trace');
    expect(r.out).toContain('farm2');
  });

  it('--recall prints the CSV of customers and quantities', async () => {
    const r = await runCli(['trace', lot('W1'), '--forward', '--recall', '--db', db]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\r\n');
    expect(lines[0]).toMatch(/^customer,customer_type,shipped_by/);
    expect(lines).toHaveLength(6);
  });

  it('refuses a missing or doubled direction, a bad --at, a bad --max-events and a recall backward', async () => {
    for (const args of [
      [lot('W1')],
      [lot('W1'), '--forward', '--backward'],
      [lot('W1'), '--forward', '--at', 'yesterday-ish'],
      [lot('W1'), '--forward', '--max-events', '0'],
      [lot('W1'), '--backward', '--recall'],
      ['a\u0001b', '--forward'],
    ]) {
      const r = await runCli(['trace', ...args, '--db', db]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/BAD_INPUT/);
    }
  });
});
