/** The demo's OPC UA lathe and Modbus meter, declared as connectors and read by the server's manager. */
import { describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../core/index.js';
import { createIngestPipeline } from '../ingest/index.js';
import { createConnectorManager, createLocalLeases } from '../server/index.js';
import { openSqliteStore } from '../store/index.js';
import { startDemoConnectors } from './demo-connectors.js';

describe('demo connectors', () => {
  it('the Modbus meter and the OPC UA lathe reach the store through their connectors', async () => {
    const store = await openSqliteStore(':memory:');
    const leases = createLocalLeases('demo');
    const pipeline = createIngestPipeline({ store, clock: systemClock, logger: silentLogger });
    const manager = createConnectorManager({
      store,
      pipeline,
      leases,
      clock: systemClock,
      logger: silentLogger,
      broker: () => undefined,
      pkiFolder: `${process.env['TMPDIR'] ?? '/tmp'}/xinzhi-demo-connectors-test-pki`,
    });
    const machines = await startDemoConnectors(store, manager, silentLogger);
    try {
      const want = [
        'factory1/utilities/main-meter/power_total',
        'factory1/assembly/line2/lathe-07/spindle_temp',
      ];
      for (let i = 0; i < 600; i++) {
        const found = await Promise.all(want.map((s) => store.getSeries(s)));
        if (found.every(Boolean)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const latest = await store.latest(want);
      expect(latest.get(want[0]!)?.value).toBeGreaterThan(0);
      expect(latest.get(want[1]!)?.value).toBeGreaterThan(30);
      expect((await store.getSeries(want[1]!))?.unit).toBe('Cel');
      const st = await manager.statuses();
      expect(st.map((s) => [s.id, s.state])).toEqual([
        ['demo-lathe', 'running'],
        ['demo-meter', 'running'],
      ]);
    } finally {
      await manager.close();
      await machines.stop();
      await leases.close();
      await store.close();
    }
  }, 180_000);
});
