/**
 * Builds the dashboard once before any test file runs. Browser tests in several files would
 * otherwise each find `web/dist` missing or stale on a fresh clone and run `vite build` into the
 * same folder at the same time, deleting files another test's server is serving.
 */
import { ensureWebBuild } from './e2e/harness.js';

export default async function setup(): Promise<void> {
  await ensureWebBuild();
}
