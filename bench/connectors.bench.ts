/**
 * `npm run bench -- connectors [--json] [--seconds 20] [--only opcua,modbus]` (issue 22):
 *   - OPC UA: 5,000 monitored items sampled and published every 1 s → stored, against the same
 *     5,000 readings/s generated in-process and ingested directly (the cost of the pipeline alone);
 *   - Modbus TCP: 50 devices × 20 holding registers polled every 1 s, against 1,000 readings/s
 *     ingested directly.
 * The peers (OPC UA server, Modbus servers) run in a child process: the CPU share is xinzhi's.
 * CPU share = (user + system CPU of this process) / wall time over the window (1.0 = one core).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { silentLogger, systemClock } from '../src/core/index.js';
import { createIngestPipeline, parseRegisterMap, startModbusPoller } from '../src/ingest/index.js';
import { createIngestBatcher } from '../src/ingest/mqtt/index.js';
import { freePort } from '../src/ingest/opcua/opcua-server.fixture.js';
import { openSqliteStore } from '../src/store/index.js';
import { directBaseline, lagSink, sleep, type Window } from './connectors/measure.js';
import { type BenchRow, printRows } from './lib/table.js';

async function startPeers(args: string[]): Promise<{ child: ChildProcess; lines: string[] }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'connectors', 'peers.ts'), ...args],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  // Never leave the peers running, even when this process dies on an error.
  process.once('exit', () => child.kill('SIGKILL'));
  const lines: string[] = [];
  const rl = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`peers exited with ${code}`)));
    rl.on('line', (l) => {
      lines.push(l);
      if (l === 'ready') resolve();
    });
  });
  return { child, lines };
}

async function rig(dir: string, name: string) {
  const store = await openSqliteStore(join(dir, `${name}.db`));
  const pipeline = createIngestPipeline({ store, clock: systemClock, logger: silentLogger });
  const batcher = createIngestBatcher({ pipeline, logger: silentLogger, source: name });
  return { store, batcher, sink: lagSink(batcher) };
}

const rows = (what: string, m: Window, base: Window, target: number): BenchRow[] => [
  {
    name: `${what}: stored readings/s`,
    value: m.perSecond,
    unit: '/s',
    goal: `≥ 0.98 × ${target.toLocaleString('en-US')}`,
    pass: m.perSecond >= 0.98 * target,
    notes: `${m.stored.toLocaleString('en-US')} readings in the window; direct: ${Math.round(base.perSecond).toLocaleString('en-US')}/s; load average at the end ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
  },
  {
    name: `${what}: CPU share`,
    value: m.cpuShare,
    unit: 'cores',
    baseline: { name: 'same rate ingested directly', value: base.cpuShare },
    ratio: m.cpuShare / base.cpuShare,
    goal: '< 0.5 core (connector overhead shown as the ratio)',
    pass: m.cpuShare < 0.5,
  },
  {
    name: `${what}: lag p95 (source time → committed)`,
    value: m.lagP95,
    unit: 'ms',
    baseline: { name: 'direct', value: base.lagP95 },
    ratio: m.lagP95 / Math.max(1, base.lagP95),
    goal: '< 2,000 ms (one publishing interval + commit)',
    pass: m.lagP95 < 2000,
    notes: `p50 ${Math.round(m.lagP50)} ms (direct ${Math.round(base.lagP50)} ms)`,
  },
];

async function opcua(seconds: number, dir: string): Promise<BenchRow[]> {
  const items = 5000;
  const port = await freePort();
  const peers = await startPeers(['opcua', String(port), join(dir, 'server-pki'), String(items)]);
  const op = await import('../src/ingest/opcua/index.js');
  try {
    const base = await rig(dir, 'opcua-base');
    const baseline = await directBaseline(base.sink, items, seconds, 'base');
    await base.batcher.flush();
    await base.store.close();
    const r = await rig(dir, 'opcua');
    const c = await op.startOpcuaConnector({
      endpoint: `opc.tcp://127.0.0.1:${port}/UA/xinzhi-test`,
      pkiFolder: join(dir, 'client-pki'),
      items: Array.from({ length: items }, (_, i) => ({
        nodeId: `ns=1;s=M${Math.floor(i / 100)}.v${i % 100}`,
        seriesId: `plant/m${Math.floor(i / 100)}/v${i % 100}`,
      })),
      subscription: { samplingIntervalMs: 1000, publishingIntervalMs: 1000, maxItemsPerSubscription: 1000 },
      batcher: { ...r.batcher, submit: (a, b) => r.sink.submit(a, b) },
      clock: systemClock,
      logger: silentLogger,
    });
    await sleep(10_000); // warm-up: 50 series created, subscriptions' first values stored
    const w = r.sink.window();
    await sleep(seconds * 1000);
    const m = w.end();
    const st = c.status();
    await c.close();
    await r.store.close();
    const out = rows('OPC UA 5,000 items @ 1 s', m, baseline, items);
    out[0] = {
      ...out[0]!,
      notes: `${out[0]!.notes}; ${st.subscriptions} subscriptions, ${st.refused.length} refused, ${st.reconnects} reconnects`,
    };
    return out;
  } finally {
    peers.child.kill('SIGTERM');
  }
}

async function modbus(seconds: number, dir: string): Promise<BenchRow[]> {
  const devices = 50;
  const peers = await startPeers(['modbus', '0', String(devices)]);
  const ports = peers.lines.filter((l) => l.startsWith('port ')).map((l) => Number(l.slice(5)));
  try {
    const base = await rig(dir, 'modbus-base');
    const baseline = await directBaseline(base.sink, devices * 20, seconds, 'base');
    await base.batcher.flush();
    await base.store.close();
    const r = await rig(dir, 'modbus');
    const map = parseRegisterMap(
      JSON.stringify({
        groups: { fast: 1000 },
        registers: Array.from({ length: 20 }, (_, i) => ({ metric: `r${i}`, table: 'holding', address: i })),
      }),
    );
    const poller = startModbusPoller({
      devices: ports.map((port, i) => ({
        id: `d${i}`,
        host: '127.0.0.1',
        port,
        asset: `plant/meter${i}`,
        map,
        timeoutMs: 1000,
      })),
      sink: r.sink,
      clock: systemClock,
      logger: silentLogger,
    });
    await sleep(4000);
    const w = r.sink.window();
    const before = poller.status().reduce((n, d) => n + d.polls, 0);
    await sleep(seconds * 1000);
    const m = w.end();
    const st = poller.status();
    const polls = st.reduce((n, d) => n + d.polls, 0) - before;
    await poller.close();
    await r.store.close();
    const out = rows('Modbus 50 devices × 20 registers @ 1 s', m, baseline, devices * 20);
    out[0] = {
      ...out[0]!,
      notes: `${out[0]!.notes}; ${(polls / seconds).toFixed(1)} polls/s (target 50), ${st.reduce((n, d) => n + d.errors, 0)} errors, ${st.reduce((n, d) => n + d.overruns, 0)} overruns`,
    };
    return out;
  } finally {
    peers.child.kill('SIGTERM');
  }
}

export async function run(args: string[]): Promise<void> {
  const i = args.indexOf('--seconds');
  const seconds = i >= 0 ? Number(args[i + 1]) : 20;
  const j = args.indexOf('--only');
  const only = j >= 0 ? (args[j + 1] ?? '').split(',') : ['opcua', 'modbus'];
  const dir = mkdtempSync(join(tmpdir(), 'xinzhi-bench-connectors-'));
  const out: BenchRow[] = [];
  const log = console.log;
  // node-opcua prints warnings with console.log; the table goes to stdout after.
  console.log = (...x: unknown[]) => process.stderr.write(`${x.join(' ')}\n`);
  try {
    if (only.includes('modbus')) out.push(...(await modbus(seconds, dir)));
    if (only.includes('opcua')) out.push(...(await opcua(seconds, dir)));
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
  printRows('xinzhi connectors benchmark', out, args);
}
