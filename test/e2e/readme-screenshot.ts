/**
 * Makes docs/screenshots/overview.png, the README's picture: the overview after the demo has
 * filled in 8 hours of history (machines sampled every 10 s, so it takes seconds), which is the
 * OEE window the overview shows. Run by hand: `npx tsx test/e2e/readme-screenshot.ts`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureWebBuild, hasChromium, launchBrowser, ROOT, startInProcessDemo } from './harness.js';

if (!hasChromium()) throw new Error('needs chromium (apt-get install chromium)');
await ensureWebBuild();
const server = await startInProcessDemo({ backfillMs: 8 * 3_600_000, speed: 3600, factorySampleMs: 10_000 });
const browser = await launchBrowser({ width: 1440, height: 900 });
try {
  const started = Date.now();
  while (server.demo.stats().lagMs > 15_000 && Date.now() - started < 120_000)
    await new Promise((r) => setTimeout(r, 1000));
  await new Promise((r) => setTimeout(r, 6000));
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await page.getByTestId('oee-line').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1500);
  const out = join(ROOT, 'docs', 'screenshots');
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, 'overview.png') });
  console.log(`wrote ${join(out, 'overview.png')}`);
} finally {
  await browser.close();
  await server.stop();
}
