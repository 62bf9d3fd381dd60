import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Transition } from './alarm.js';
import { createWebhookNotifier } from './webhook.js';

const t = {
  kind: 'raised',
  notify: true,
  alarm: { key: 's|hi', source: 's', condition: 'hi', severity: 'major' },
} as unknown as Transition;

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});
async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s = createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

describe('webhook notifier: redirects and timeouts', () => {
  it.each([301, 302, 303, 307, 308])(
    'does not follow a %d to an internal URL: a final failure naming the status and Location',
    async (code) => {
      const internal: string[] = [];
      const inside = await listen((req, res) => {
        internal.push(`${req.method} ${req.url}`);
        res.writeHead(204).end();
      });
      let hits = 0;
      const outside = await listen((_req, res) => {
        hits++;
        res.writeHead(code, { location: `${inside}/admin/reset` }).end();
      });
      const d = await createWebhookNotifier({ url: `${outside}/hook`, retries: 3, sleep: async () => {} })(t);
      expect(d).toMatchObject({ ok: false, attempts: 1, status: code });
      expect(d.error).toBe(
        `HTTP ${code} redirect to ${inside}/admin/reset not followed; configure the final URL`,
      );
      expect(internal).toEqual([]);
      expect(hits).toBe(1);
    },
  );

  it('gives up on a receiver that never answers after the timeout, on every attempt', async () => {
    const url = await listen(() => undefined); // never answers
    const d = await createWebhookNotifier({ url, retries: 1, timeoutMs: 50, sleep: async () => {} })(t);
    expect(d).toMatchObject({ ok: false, attempts: 2, status: null });
    expect(d.error).toMatch(/timeout|aborted/i);
  });
});
