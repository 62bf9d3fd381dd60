/**
 * Trace benchmark: forward and backward traces (with an inclusion proof per event) on a generated
 * history of ~1M EPCIS events from 12 organisations (bench/lib/trace-history.ts), goal p95 < 200 ms.
 * Baseline in the same run: the same walk without the trace index, scanning the whole log at every
 * step, on a smaller history generated in the run (`--scan` events, default 10 000).
 *   nice -n 10 npm run bench -- trace [--n 1000000] [--queries 200] [--scan 10000] [--fresh] [--json]
 * The generated database is kept in the temp directory (named by --n) and reused; --fresh rebuilds it.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createRng } from '../src/core/random.js';
import { Ledger, trace } from '../src/ledger/index.js';
import { SqliteLedgerStore } from '../src/store/sqlite/ledger-sqlite.js';
import { type BenchRow, printRows } from './lib/table.js';
import { generateHistory, ORGS } from './lib/trace-history.js';

const arg = (args: string[], name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const BENCH_KEY = Buffer.alloc(32, 7);

function open(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const store = new SqliteLedgerStore(db, { where: 'the benchmark key', load: () => BENCH_KEY });
  return { db, store };
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

export async function run(args: string[]): Promise<void> {
  const n = arg(args, '--n', 1_000_000);
  const queries = arg(args, '--queries', 200);
  const scan = arg(args, '--scan', 10_000);
  const path = join(tmpdir(), `xinzhi-trace-bench-${n}-v1.db`);
  const meta = `${path}.json`;
  const rows: BenchRow[] = [];
  if (args.includes('--fresh') || !existsSync(meta)) {
    for (const f of [path, `${path}-wal`, `${path}-shm`, meta]) rmSync(f, { force: true });
    const { db, store } = open(path);
    const ledger = await Ledger.open({ store });
    for (const o of ORGS) await ledger.createOrg(o);
    const t0 = performance.now();
    let last = t0;
    const h = await generateHistory(
      n,
      async (org, events) => {
        await ledger.append(org, events);
        if (performance.now() - last > 10_000) {
          last = performance.now();
          process.stderr.write(`  generated ${ledger.size.toLocaleString('en-US')} events\n`);
        }
      },
      1000,
    );
    await ledger.checkpoint();
    const genMs = performance.now() - t0;
    const t1 = performance.now();
    await trace.catchUpTraceIndex(store);
    const indexMs = performance.now() - t1;
    writeFileSync(meta, JSON.stringify({ ...h, genMs, indexMs, size: ledger.size }));
    db.close();
  }
  const h = JSON.parse(readFileSync(meta, 'utf8')) as {
    farmLots: string[];
    productLots: string[];
    genMs: number;
    indexMs: number;
    size: number;
  };
  const { db, store } = open(path);
  try {
    const ledger = await Ledger.open({ store });
    const rng = createRng(7);
    const pick = (xs: string[]) => xs[rng.int(0, xs.length - 1)]!;
    const sizes: number[] = [];
    const timed = async (ids: string[], direction: trace.TraceDirection, at?: number) => {
      const t = performance.now();
      const r = await trace.traceLot(ledger, ids, { direction, ...(at === undefined ? {} : { at }) });
      sizes.push(r.hops.length);
      return performance.now() - t;
    };
    // Warm the page cache and the tile cache a little, as a running server would be.
    for (let i = 0; i < 10; i++) await timed([pick(h.farmLots)], 'forward');
    sizes.length = 0;
    const fwd: number[] = [];
    const back: number[] = [];
    for (let i = 0; i < queries; i++) {
      fwd.push(await timed([pick(h.farmLots)], 'forward'));
      back.push(await timed([pick(h.productLots)], 'backward'));
    }
    const all = [...fwd, ...back];

    // Baseline: the same walk without the index (every step scans the log), on a smaller history
    // generated now; the indexed trace answers the same questions on it for the second row.
    const small = open(':memory:');
    const smallLedger = await Ledger.open({ store: small.store });
    for (const o of ORGS) await smallLedger.createOrg(o);
    const sh = await generateHistory(
      scan,
      (org, events) => smallLedger.append(org, events).then(() => undefined),
      1000,
    );
    const scanSource: trace.TraceSource = {
      async links(keys) {
        const want = new Set(keys);
        const out = [];
        for (let from = 0; from < smallLedger.size; from += 5000)
          for (const l of trace.linksOfEntries(await small.store.entries(from, from + 5000)))
            if (want.has(l.key)) out.push(l);
        return out;
      },
      entriesAt: (ix) => small.store.entriesAt(ix),
    };
    const naive: number[] = [];
    const indexedSmall: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = [trace.traceKey(pick(sh.farmLots))];
      let t = performance.now();
      const a = await trace.walkTrace(scanSource, start, { direction: 'forward' });
      naive.push(performance.now() - t);
      t = performance.now();
      const b = await trace.traceLot(smallLedger, start, { direction: 'forward', proofs: false });
      indexedSmall.push(performance.now() - t);
      if (a.hops.length !== b.hops.length)
        throw new Error(`scan found ${a.hops.length} events, index ${b.hops.length}`);
    }
    small.db.close();
    const limit = smallLedger.size;
    const p95 = pct(all, 95);
    const naiveMedian = pct(naive, 50);
    rows.push(
      {
        name: `trace p95 (${h.size.toLocaleString('en-US')} events, ${ORGS.length} orgs, with proofs)`,
        value: p95,
        unit: 'ms',
        baseline: {
          name: `scan of a ${limit.toLocaleString('en-US')}-event history, median`,
          value: naiveMedian,
        },
        ratio: naiveMedian / p95,
        goal: '< 200 ms',
        pass: p95 < 200,
        notes: `forward p50 ${pct(fwd, 50).toFixed(1)} / p95 ${pct(fwd, 95).toFixed(1)} ms, backward p50 ${pct(back, 50).toFixed(1)} / p95 ${pct(back, 95).toFixed(1)} ms; ${queries} of each; events per trace median ${pct(sizes, 50)}, max ${Math.max(...sizes)}`,
      },
      {
        name: `indexed trace on the ${limit.toLocaleString('en-US')}-event history`,
        value: pct(indexedSmall, 50),
        unit: 'ms',
        baseline: { name: 'same traces by scanning', value: naiveMedian },
        ratio: naiveMedian / pct(indexedSmall, 50),
        goal: 'faster than a scan',
        pass: pct(indexedSmall, 50) < naiveMedian,
      },
      {
        name: 'generating the history (signed appends)',
        value: (h.size / h.genMs) * 1000,
        unit: 'events/s',
        goal: 'reported',
        pass: true,
        notes: `${(h.genMs / 1000).toFixed(0)} s for ${h.size.toLocaleString('en-US')} events (cached in ${path})`,
      },
      {
        name: 'building the trace index',
        value: (h.size / h.indexMs) * 1000,
        unit: 'entries/s',
        goal: 'reported',
        pass: true,
        notes: `${(h.indexMs / 1000).toFixed(0)} s`,
      },
    );
  } finally {
    db.close();
  }
  printRows('Lot/item trace over the ledger', rows, args);
}
