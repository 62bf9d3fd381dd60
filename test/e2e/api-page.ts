/**
 * The set-up most page tests share: a store seeded by the test, a real server in this process
 * over it, and a chromium page on the built dashboard, opened before the tests and closed after.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ServerHandle, StartServerOptions } from '../../src/server/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { type BrowserPage, openPage, startApiServer } from './harness.js';

/**
 * POSTs `body` as JSON to the server's API, failing the test (with the server's answer) unless it
 * was accepted.
 */
export async function postApi(
  server: { readonly url: string },
  path: string,
  body: unknown,
): Promise<unknown> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
  return res.json();
}

export interface ApiPageOptions {
  /** Fills the in-memory store before the server starts. */
  readonly seed?: (store: Store) => Promise<void>;
  readonly server?: Omit<Partial<StartServerOptions>, 'store'>;
  /** For the whole set-up (seeding included); default 60 s. */
  readonly timeoutMs?: number;
}

export interface ApiPage {
  readonly store: Store;
  readonly server: ServerHandle;
  readonly page: Page;
  /** Uncaught errors of the page. */
  readonly pageErrors: string[];
  post(path: string, body: unknown): Promise<unknown>;
}

/** Registers, in the calling `describe`, the hooks that set up and tear down an {@link ApiPage}. */
export function useApiPage(options: ApiPageOptions = {}): ApiPage {
  let store: Store | undefined;
  let server: ServerHandle | undefined;
  let opened: BrowserPage | undefined;
  const pageErrors: string[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not set up (beforeAll failed or has not run)`);
    return value;
  };
  const app: ApiPage = {
    get store() {
      return ready(store, 'store');
    },
    get server() {
      return ready(server, 'server');
    },
    get page() {
      return ready(opened, 'page').page;
    },
    pageErrors,
    post: (path, body) => postApi(app.server, path, body),
  };

  beforeAll(async () => {
    store = await openSqliteStore(':memory:');
    await options.seed?.(store);
    server = await startApiServer(store, options.server);
    opened = await openPage(pageErrors);
  }, options.timeoutMs ?? 60_000);

  afterAll(async () => {
    await opened?.close();
    await server?.close();
    await store?.close();
  });

  return app;
}
