/**
 * What the browser tests and the dashboard bench share: a built dashboard, a real server (HTTP,
 * embedded MQTT broker, ingest pipeline, SQLite) with the demo plant publishing into it over MQTT,
 * and Debian's chromium driven by playwright-core (never a downloaded browser).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { silentLogger } from '../../src/core/index.js';
import { createDemo, type Demo, provisionAssets } from '../../src/demo/index.js';
import { createIngestPipeline } from '../../src/ingest/index.js';
import { type ServerHandle, startServer } from '../../src/server/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const WEB = join(ROOT, 'web');
export const ARTIFACTS = join(ROOT, 'test', 'e2e', 'artifacts');
export const CHROMIUM = process.env['XINZHI_CHROMIUM'] ?? '/usr/bin/chromium';
export const hasChromium = (): boolean => existsSync(CHROMIUM);

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
  readonly handle: ServerHandle;
  readonly store: Store;
  readonly demo: Demo;
  stop(): Promise<void>;
}

export interface DemoServerOptions {
  /** How much history the demo fills in before running in real time; default 15 min. */
  readonly backfillMs?: number;
  /** Simulated seconds per real second while filling in; default 300. */
  readonly speed?: number;
  /** Machine sampling interval, ms; default the demo's 1000. */
  readonly factorySampleMs?: number;
}

/**
 * The real server on free ports with the demo plant provisioned from its metadata and
 * publishing over MQTT, as `xinzhi serve --demo` runs it.
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const store = await openSqliteStore(':memory:');
  const handle = await startServer({
    store,
    logger: silentLogger,
    createPipeline: (s) =>
      createIngestPipeline({ store: s, clock: { now: () => Date.now() }, logger: silentLogger }),
    port: 0,
    mqttPort: 0,
  });
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

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
