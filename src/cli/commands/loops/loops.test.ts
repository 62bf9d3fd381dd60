import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../server/auth/api-key.js';
import { createLoopTestApp } from '../../../server/control/loop-app.fixture.js';
import { openSqliteStore, type Store } from '../../../store/index.js';
import { apiTarget } from '../../api-client.js';
import { runCli } from '../../run-cli.fixture.js';

const run = (...args: string[]) => runCli(args, { newline: false });

const T0 = Date.UTC(2024, 0, 1);
const ID = 'plant1/oven1/TIC-101';
let raw: Store;
let server: ReturnType<typeof serve>;
let url = '';
let operator = '';
let viewer = '';

/** A running server (keys required) with one oven temperature loop in auto at 100 °C. */
beforeAll(async () => {
  raw = await openSqliteStore(':memory:');
  const { app, loops } = createLoopTestApp(raw, { t0: T0, authMode: 'keys' });
  await loops.create(
    {
      id: ID,
      description: 'oven 1 temperature',
      pvSeries: 'plant1/oven1/temp',
      sampleTimeMs: 1000,
      setpoint: 100,
      mode: 'auto',
      manualOutput: 40,
      tuning: { kc: 1, ti: 120 },
    },
    'test',
  );
  operator = (await createApiKey(raw, { name: 'shift lead', role: 'operator' }, T0)).secret;
  viewer = (await createApiKey(raw, { name: 'wall screen', role: 'viewer' }, T0)).secret;
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await raw.close();
});

describe('xinzhi loops (over the running server)', () => {
  it('lists and shows loops', async () => {
    const list = await run('loops', 'list', '--url', url, '--key', viewer);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(new RegExp(`^${ID}  auto  \\S+  SP 100  PV —  OP`));
    const one = JSON.parse((await run('loops', 'show', ID, '--url', url, '--key', viewer, '--json')).out);
    expect(one).toMatchObject({ id: ID, mode: 'auto', sp: 100 });
  });
  it('changes setpoint and mode as the key, recorded in the loop audit trail', async () => {
    const sp = await run(
      'loops',
      'set',
      ID,
      '--setpoint',
      '120',
      '--reason',
      'new recipe',
      '--url',
      url,
      '--key',
      operator,
      '--json',
    );
    expect(sp.code).toBe(0);
    expect(JSON.parse(sp.out).sp).toBe(120);
    const man = JSON.parse(
      (
        await run(
          'loops',
          'set',
          ID,
          '--mode',
          'manual',
          '--output',
          '35',
          '--url',
          url,
          '--key',
          operator,
          '--json',
        )
      ).out,
    );
    expect(man).toMatchObject({ mode: 'manual', op: 35 });
    const audit = await raw.listDocs<{ who: string; what: string; reason?: string }>('control.audit');
    const entries = audit.map((d) => d.doc).filter((e) => e.what !== 'created');
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(entries.every((e) => /shift lead/.test(e.who))).toBe(true);
    expect(entries.some((e) => e.reason === 'new recipe')).toBe(true);
    expect((await run('loops', 'set', ID, '--mode', 'auto', '--url', url, '--key', operator)).out).toMatch(
      / auto /,
    );
  });
  it('maps the API refusals to exit codes: no key 4, viewer 4, unknown loop 3', async () => {
    const none = await run('loops', 'list', '--url', url, '--json');
    expect(none.code).toBe(4);
    expect(JSON.parse(none.out).error.message).toMatch(/--key/);
    expect((await run('loops', 'set', ID, '--setpoint', '90', '--url', url, '--key', viewer)).code).toBe(4);
    expect((await run('loops', 'show', 'plant1/ghost', '--url', url, '--key', viewer)).code).toBe(3);
  });
  it('refuses malformed flags (2) before calling, and says when no server answers (1)', async () => {
    for (const args of [
      ['--setpoint', 'hot'],
      ['--mode', 'cruise'],
      ['--mode', 'auto', '--output', '5'],
      [],
    ]) {
      const r = await run('loops', 'set', ID, ...args, '--url', url, '--key', operator, '--json');
      expect(r.code, args.join(' ')).toBe(2);
      expect(JSON.parse(r.out).error.code).toBe('BAD_INPUT');
    }
    expect((await run('loops', 'list', '--url', 'ftp://x')).code).toBe(2);
    expect((await run('loops', 'list', '--url', 'not a url')).code).toBe(2);
    const down = await run('loops', 'list', '--url', 'http://127.0.0.1:1', '--json');
    expect(down.code).toBe(1);
    expect(JSON.parse(down.out).error.message).toMatch(/no xinzhi server answers at http:\/\/127\.0\.0\.1:1/);
  });
  it('apiTarget takes $XINZHI_URL and $XINZHI_API_KEY', () => {
    expect(apiTarget({}, { XINZHI_URL: 'http://plant:9000/', XINZHI_API_KEY: 'k' })).toEqual({
      url: 'http://plant:9000',
      key: 'k',
    });
  });
});
