/**
 * A throwaway nats-server (JetStream and an MQTT listener) for one test file, on free loopback
 * ports with its store in a temporary directory; `stop()` kills it and removes the directory.
 *
 * Presence decides how the file runs, as for PostgreSQL: with CI set, a missing `nats-server` is a
 * failing test with a clear message (CI must never go green without it; .ci/run installs Debian's
 * package); without CI it is a skip with the same message.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { freePort } from '../free-port.fixture.js';

/** $XINZHI_TEST_NATS_SERVER, else `nats-server` on PATH, else Debian's /usr/sbin one (not on a user's PATH). */
export const NATS_SERVER_BINARY =
  process.env['XINZHI_TEST_NATS_SERVER'] ??
  (spawnSync('nats-server', ['--version']).error === undefined ? 'nats-server' : '/usr/sbin/nats-server');

export interface TestNatsServer {
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
  /** `mqtt://127.0.0.1:<port>` of the server's MQTT listener. */
  readonly mqttUrl: string;
  stop(): Promise<void>;
}

const inCi = (): boolean => !['', '0', 'false'].includes((process.env['CI'] ?? '').trim().toLowerCase());

/** Starts the server and resolves once it logs that it is ready. */
export async function startNatsServer(): Promise<TestNatsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'xinzhi-nats-'));
  const [port, mqttPort] = [await freePort(), await freePort()];
  const conf = join(dir, 'nats.conf');
  // The MQTT listener needs a server name and JetStream (it keeps sessions and QoS 1 messages there).
  writeFileSync(
    conf,
    `server_name: xinzhi_test\nlisten: 127.0.0.1:${port}\nmqtt { listen: 127.0.0.1:${mqttPort} }\n`,
  );
  const child: ChildProcess = spawn(NATS_SERVER_BINARY, ['-c', conf, '-js', '-sd', join(dir, 'js')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nats-server did not start:\n${log}`)), 20_000);
    child.stderr?.on('data', (b: Buffer) => {
      log += b.toString();
      if (log.includes('Server is ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited with ${code}:\n${log}`));
    });
  });
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  return {
    url: `nats://127.0.0.1:${port}`,
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One server for the enclosing block: started before its tests (and before hooks registered after
 * this call), stopped after them. The view reads the server once it is up.
 */
export function useNatsServer(): TestNatsServer {
  let server: TestNatsServer | undefined;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const up = (): TestNatsServer => {
    if (!server) throw new Error('nats-server is not started yet: use it inside tests and hooks');
    return server;
  };
  return {
    get url() {
      return up().url;
    },
    get mqttUrl() {
      return up().mqttUrl;
    },
    stop: () => up().stop(),
  };
}

/** Why `nats-server` cannot run here, or undefined when it can. */
export function natsServerProblem(): string | undefined {
  const r = spawnSync(NATS_SERVER_BINARY, ['--version'], { encoding: 'utf8' });
  if (r.error)
    return `${NATS_SERVER_BINARY} not found (${r.error.message}); install Debian's nats-server (.ci/run does)`;
  return r.status === 0 ? undefined : `${NATS_SERVER_BINARY} --version failed: ${r.stderr}`;
}

/** Runs `body` when nats-server is installed; otherwise fails (CI) or skips. Call at top level. */
export function withNatsServer(title: string, body: () => void): void {
  const problem = natsServerProblem();
  if (problem === undefined) {
    describe(title, body);
    return;
  }
  describe(title, () => {
    if (inCi())
      it('needs nats-server', () => {
        throw new Error(problem);
      });
    else it.skip(`skipped: ${problem}`, () => {});
  });
}
