/**
 * SIGKILL reliability harness: runs `xinzhi serve` as a child process on a file database, lets
 * several MQTT clients publish QoS 1 points, kills the server with SIGKILL mid-stream, restarts it
 * on the same database, and finally checks that every point whose PUBACK arrived is stored.
 * Used by test/integration/sigkill.test.ts (a short run) and by the MQTT benchmark (a longer one).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { openSqliteStore } from '../../src/store/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface KillRunOptions {
  readonly db: string;
  readonly rounds: number;
  readonly clients: number;
  /** Publishing time before each kill, ms. */
  readonly killAfterMs: number;
  /** QoS 1 messages in flight per client. */
  readonly window?: number;
}

export interface KillRunResult {
  readonly kills: number;
  readonly acked: number;
  readonly stored: number;
  readonly lost: number;
}

/** Starts `xinzhi serve --json` and resolves with the child and its MQTT URL. */
export async function spawnServe(
  db: string,
): Promise<{ child: ChildProcess; mqttUrl: string; httpUrl: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src/cli/main.ts'),
      'serve',
      '--db',
      db,
      '--port',
      '0',
      '--mqtt-port',
      '0',
      '--json',
    ],
    { cwd: ROOT, env: { ...process.env, XINZHI_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`xinzhi serve did not start within 30 s: ${err}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`xinzhi serve exited with ${code}: ${err}`));
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      try {
        const info = JSON.parse(line) as { mqtt: string; http: string };
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, mqttUrl: info.mqtt, httpUrl: info.http });
      } catch {
        // the line is not complete yet
      }
    });
  });
}

export async function runKillRounds(o: KillRunOptions): Promise<KillRunResult> {
  const window = o.window ?? 16;
  const acked = new Map<string, number[]>();
  // Timestamps are unique per (round, client, seq) and lie in the recent past.
  const base = Date.now() - 24 * 3_600_000;
  for (let round = 0; round < o.rounds; round++) {
    const { child, mqttUrl } = await spawnServe(o.db);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const clients = await Promise.all(
      Array.from({ length: o.clients }, () => mqtt.connectAsync(mqttUrl, { reconnectPeriod: 0 })),
    );
    let killed = false;
    clients.forEach((c, i) => {
      c.on('error', () => {});
      const series = `rel/c${i}/v`;
      const list = acked.get(series) ?? [];
      acked.set(series, list);
      let seq = 0;
      const next = (): void => {
        if (killed) return;
        const ts = base + round * 10_000_000 + seq++;
        c.publish(`xinzhi/v1/${series}`, JSON.stringify({ ts, value: seq % 1000 }), { qos: 1 }, (e) => {
          // An ack that raced the kill is still an ack: it must be stored too.
          if (!e) list.push(ts);
          next();
        });
      };
      for (let w = 0; w < window; w++) next();
    });
    await new Promise((r) => setTimeout(r, o.killAfterMs));
    child.kill('SIGKILL');
    killed = true;
    await exited;
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  }
  const store = await openSqliteStore(o.db);
  let total = 0;
  let stored = 0;
  try {
    for (const [series, list] of acked) {
      total += list.length;
      if (list.length === 0) continue;
      const have = new Set(
        (await store.queryPoints(series, { from: base, to: base + o.rounds * 10_000_000 + 1 })).map(
          (p) => p.ts,
        ),
      );
      for (const ts of list) if (have.has(ts)) stored++;
    }
  } finally {
    await store.close();
  }
  return { kills: o.rounds, acked: total, stored, lost: total - stored };
}
