/**
 * `startServer({ natsUrl })`: two nodes (each its own store here, so who stored what is visible)
 * consume one JetStream stream with the shared durable consumer; every reading is stored by exactly
 * one of them, through the server's cleaning pipeline, and each node's import record counts its share.
 */
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { expect, it } from 'vitest';
import { useNatsServer, withNatsServer } from '../ingest/nats/nats-server.fixture.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { startTestServer } from './start.fixture.js';
import type { ServerHandle } from './start.js';

const T0 = Date.parse('2026-02-01T00:00:00Z');

withNatsServer('serve with --nats-url (real nats-server)', () => {
  const server = useNatsServer();

  it('two nodes share the stream: each reading stored once, import records count each share', async () => {
    const nodes: Array<{ store: Store; handle: ServerHandle }> = [];
    for (let i = 0; i < 2; i++) {
      const store = await openSqliteStore(':memory:');
      const handle = await startTestServer({
        store,
        mqttPort: false,
        alarms: false,
        retentionIntervalMs: 0,
        natsUrl: server.url,
      });
      nodes.push({ store, handle });
    }
    const nc = await connect({ servers: server.url });
    const js = jetstream(nc);
    for (let i = 0; i < 300; i++)
      await js.publish(
        'xinzhi.v1.plant1.boiler.temp',
        JSON.stringify({ ts: T0 + i * 1000, value: 60 + (i % 7) }),
      );
    await nc.close();
    const acked = () => nodes.reduce((n, x) => n + (x.handle.nats?.stats.acked ?? 0), 0);
    for (let end = Date.now() + 20_000; acked() < 300 && Date.now() < end; )
      await new Promise((r) => setTimeout(r, 50));
    expect(acked()).toBe(300);
    let stored = 0;
    for (const { store, handle } of nodes) {
      await handle.close();
      const points = await store.queryPoints('plant1/boiler/temp', { from: T0, to: T0 + 300_000 });
      stored += points.length;
      const imports = (await store.listImports(10)).filter((r) => r.format === 'nats');
      expect(imports).toHaveLength(1);
      expect(imports[0]?.source).toBe(`nats ${server.url}`);
      expect(imports[0]?.accepted).toBe(points.length);
      await store.close();
    }
    expect(stored).toBe(300);
  });
});
