/**
 * What the browser tests and the dashboard bench share: a built dashboard, a real server (HTTP,
 * embedded MQTT broker, ingest pipeline, SQLite) with the demo plant publishing into it over MQTT,
 * and Debian's chromium driven by playwright-core (never a downloaded browser).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { silentLogger } from '../../src/core/index.js';
import { createDemo, type Demo, provisionAssets } from '../../src/demo/index.js';
import { createIngestPipeline } from '../../src/ingest/index.js';
import { type ServerHandle, type StartServerOptions, startServer } from '../../src/server/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const WEB = join(ROOT, 'web');
export const ARTIFACTS = join(ROOT, 'test', 'e2e', 'artifacts');
export const CHROMIUM = process.env['XINZHI_CHROMIUM'] ?? '/usr/bin/chromium';
export const hasChromium = (): boolean => existsSync(CHROMIUM);

/** For `describe.skipIf(!browserTestsRun())`: warns, when chromium is missing, that they are skipped. */
export function browserTestsRun(): boolean {
  if (hasChromium()) return true;
  console.warn(
    `[e2e] skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set XINZHI_CHROMIUM)`,
  );
  return false;
}

const newest = (dir: string): number => {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
};

/** Builds web/dist when it is missing or older than web/src (a few seconds). */
export async function ensureWebBuild(): Promise<void> {
  const index = join(WEB, 'dist', 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest(join(WEB, 'src'))) return;
  const { build } = await import('vite');
  await build({ root: WEB, configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
}

export interface DemoServer {
  readonly url: string;
  readonly mqttUrl: string;
  stop(): Promise<void>;
}

export interface InProcessDemo extends DemoServer {
  readonly handle: ServerHandle;
  readonly store: Store;
  readonly demo: Demo;
}

export interface DemoServerOptions {
  /** How much history the demo fills in before running in real time; default 15 min. */
  readonly backfillMs?: number;
  /**
   * The last part of that history replayed over MQTT at `speed` (`--demo-replay`) instead of
   * written in bulk before the server prints its URL; default 0 (all in bulk, as `npm start`).
   */
  readonly replayMs?: number;
  /** Simulated seconds per real second while filling in; default 300. */
  readonly speed?: number;
  /** Machine sampling interval, ms; default the demo's 1000. */
  readonly factorySampleMs?: number;
  /** Database file for the child server; default `:memory:`. */
  readonly db?: string;
}

/**
 * `xinzhi serve --demo` as users run it (a child process from source, in-memory database, free
 * ports), resolved once it has printed its URLs.
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const history = `${Math.round((options.backfillMs ?? 15 * 60_000) / 1000)}s`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'test', 'e2e', 'xinzhi-dev.ts'),
      'serve',
      '--demo',
      '--port',
      '0',
      '--mqtt-port',
      '0',
      '--db',
      options.db ?? ':memory:',
      ...(options.factorySampleMs === undefined ? [] : ['--demo-sample', `${options.factorySampleMs}ms`]),
      ...(options.replayMs === undefined ? [] : ['--demo-replay', `${Math.round(options.replayMs / 1000)}s`]),
      '--demo-history',
      history,
      '--demo-speed',
      String(options.speed ?? 300),
      '--json',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XINZHI_LOG_LEVEL: 'warn' } },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const info = await new Promise<{ http: string; mqtt: string }>((resolve, reject) => {
    let out = '';
    // The history is written before the URLs are printed: seconds, more on a loaded CI machine.
    const timer = setTimeout(
      () => reject(new Error(`xinzhi serve --demo did not start in 200 s:\n${stderr}`)),
      200_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of out.split('\n')) {
        if (!line.startsWith('{') || !line.includes('"openapi"')) continue;
        clearTimeout(timer);
        resolve(JSON.parse(line) as { http: string; mqtt: string });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`xinzhi serve --demo exited with ${code}:\n${stderr}`));
    });
  });
  return {
    url: info.http,
    mqttUrl: info.mqtt,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A real server in this process over `store` (no MQTT broker unless asked), for tests that seed it. */
export function startApiServer(
  store: Store,
  options: Omit<Partial<StartServerOptions>, 'store'> = {},
): Promise<ServerHandle> {
  return startServer({
    store,
    logger: silentLogger,
    createPipeline: (s) =>
      createIngestPipeline({ store: s, clock: { now: () => Date.now() }, logger: silentLogger }),
    port: 0,
    mqttPort: false,
    ...options,
  });
}

/**
 * The same in this process (server API, demo object and store at hand), with options the CLI
 * does not have, such as a coarser machine sampling for long histories.
 */
export async function startInProcessDemo(options: DemoServerOptions = {}): Promise<InProcessDemo> {
  const store = await openSqliteStore(':memory:');
  const handle = await startApiServer(store, { mqttPort: 0 });
  const mqttUrl = handle.mqtt?.url;
  if (!mqttUrl) throw new Error('the embedded broker did not start');
  const demo = createDemo({
    brokerUrl: mqttUrl,
    seed: 42,
    speed: options.speed ?? 300,
    start: Date.now() - (options.backfillMs ?? 15 * 60_000),
    notAfterNow: true,
    logger: silentLogger,
    ...(options.factorySampleMs === undefined ? {} : { intervals: { factory: options.factorySampleMs } }),
  });
  await provisionAssets(store, demo.model.assets);
  await demo.start();
  return {
    url: handle.url,
    mqttUrl,
    handle,
    store,
    demo,
    async stop() {
      await demo.stop();
      await handle.close();
      await store.close();
    },
  };
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a fresh profile, headless, no background network traffic. */
export async function launchBrowser(viewport = { width: 1440, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'xinzhi-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    locale: 'en-US',
    timezoneId: 'Asia/Shanghai',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface BrowserPage {
  readonly browser: Browser;
  readonly page: Page;
  close(): Promise<void>;
}

/** The built dashboard and a fresh chromium page whose uncaught errors are pushed to `errors`. */
export async function openPage(errors: string[]): Promise<BrowserPage> {
  await ensureWebBuild();
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  return { browser, page, close: () => browser.close() };
}

export interface DemoPage extends BrowserPage {
  readonly server: DemoServer;
}

/** `startDemoServer` and `openPage`; `close` ends both (the server alone when the browser failed). */
export async function openDemoPage(errors: string[], options: DemoServerOptions = {}): Promise<DemoPage> {
  await ensureWebBuild();
  const server = await startDemoServer(options);
  try {
    const opened = await openPage(errors);
    return {
      ...opened,
      server,
      async close() {
        await opened.close();
        await server.stop();
      },
    };
  } catch (e) {
    await server.stop();
    throw e;
  }
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
