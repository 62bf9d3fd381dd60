/**
 * Failover of the ingest cluster (issue 15): three `xinzhi serve` processes on one PostgreSQL
 * database share one JetStream consumer; devices publish QoS 1 readings to NATS's MQTT listener
 * while nodes are SIGKILLed and restarted one after another. Every reading the broker acknowledged
 * must end up in PostgreSQL exactly once with its value, the consumer must drain, and the store's
 * ingest counters must count each reading once as accepted — a redelivered one as a duplicate.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withNatsServer } from '../../src/ingest/nats/nats-server.fixture.js';
import { withTestDatabase } from '../../src/store/postgres/test-database.fixture.js';
import { type Cluster, publishReadings, readingValue, startCluster, waitFor } from './cluster.fixture.js';

const NODES = 3;
const DEVICES = 4;
const PER_DEVICE = 800;
const ASSET = 'clu/line1';

const sleepUntil = (t: number): Promise<void> =>
  new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

await withTestDatabase('ingest cluster on PostgreSQL and NATS JetStream', (db) => {
  withNatsServer('ingest cluster: nodes as child processes, SIGKILLed mid-stream', () => {
    let cluster: Cluster | undefined;
    beforeAll(async () => {
      cluster = await startCluster({ dbUrl: db.url, nodes: NODES, ackWaitMs: 3000 });
      // The first node migrates the fresh database; the others start together after it.
      await cluster.start(0);
      await Promise.all(Array.from({ length: NODES - 1 }, (_, i) => cluster?.start(i + 1)));
    }, 120_000);
    afterAll(async () => {
      await cluster?.stop();
    });

    const stored = async (c: Cluster) =>
      c.sql<{ series: string; ts: number; value: number }>(
        `SELECT s.id AS series, p.ts::float8 AS ts, p.value FROM points p JOIN series s ON s.key = p.series_key
         WHERE s.id LIKE $1`,
        [`${ASSET}/%`],
      );
    const counters = async (c: Cluster) =>
      (
        await c.sql<{ accepted: number; duplicates: number }>(
          `SELECT coalesce(sum(c.accepted), 0)::float8 AS accepted, coalesce(sum(c.duplicates), 0)::float8 AS duplicates
           FROM series_counters c JOIN series s ON s.key = c.series_key WHERE s.id LIKE $1`,
          [`${ASSET}/%`],
        )
      )[0] ?? { accepted: 0, duplicates: 0 };
    const drained = (c: Cluster, atLeast: number) =>
      waitFor(
        `consumer drained after ${atLeast} messages`,
        async () => {
          const s = await c.consumerState();
          return s.lastSeq >= atLeast && s.pending === 0 && s.ackPending === 0 && s;
        },
        45_000,
      );

    it('stores every acknowledged reading exactly once across SIGKILLs and restarts; redeliveries count as duplicates', async () => {
      const c = cluster as Cluster;
      const t0 = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
      const publishing = publishReadings({
        mqttUrl: c.nats.mqttUrl,
        devices: DEVICES,
        perDevice: PER_DEVICE,
        durationMs: 8000,
        t0,
        asset: ASSET,
      });
      const begin = Date.now();
      const restarts: Promise<unknown>[] = [];
      let kills = 0;
      for (let k = 0; k < NODES; k++) {
        await sleepUntil(begin + 1500 + k * 2000);
        // Kill only while another node runs, so the stream always has a consumer to fail over to.
        await waitFor('a second node running', async () => c.running().size >= 2, 60_000);
        const victim = k % NODES;
        // Frozen first, so the node surely dies holding messages it was handed: they must come
        // back to the others after ack_wait.
        const held = (await c.consumerState()).ackPending;
        c.freeze(victim);
        await waitFor(
          'messages held by the frozen node',
          async () => (await c.consumerState()).ackPending >= held + 10,
          10_000,
        ).catch(() => undefined);
        await c.kill(victim);
        kills++;
        restarts.push(c.start(victim));
      }
      const pub = await publishing;
      await Promise.all(restarts);
      const state = await drained(c, pub.ackedCount);

      const rows = await stored(c);
      const seen = new Map<string, number>();
      const storedValue = new Map<string, number>();
      for (const r of rows) {
        const key = `${r.series}@${r.ts}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        storedValue.set(key, r.value);
      }
      let missing = 0;
      let wrong = 0;
      for (const [series, points] of pub.acked)
        for (const [ts, value] of points) {
          const key = `${series}@${ts}`;
          if (!seen.has(key)) missing++;
          else if (storedValue.get(key) !== value) wrong++;
        }
      // Nothing stored that was never published, each (series, time) once, with its value.
      const strays = rows.filter((r) => {
        const d = Number(/dev(\d+)\/v$/.exec(r.series)?.[1]);
        const k = (r.ts - t0) / 1000;
        return !(Number.isInteger(k) && k >= 0 && k < PER_DEVICE && readingValue(d, k) === r.value);
      });
      const twice = [...seen.values()].filter((n) => n > 1).length;
      const count = await counters(c);
      console.log(
        `cluster failover: published ${pub.published}, acked ${pub.ackedCount}, stored ${rows.length}, ` +
          `duplicates ${count.duplicates}, kills ${kills} (redeliveries ${state.redeliveries}, stream last seq ${state.lastSeq}, ` +
          `counters accepted ${count.accepted})`,
      );
      expect(pub.ackedCount).toBeGreaterThan(0);
      expect(state.redeliveries).toBeGreaterThan(0);
      expect({ missing, wrong, twice, strays: strays.length }).toEqual({
        missing: 0,
        wrong: 0,
        twice: 0,
        strays: 0,
      });
      expect(rows.length).toBeGreaterThanOrEqual(pub.ackedCount);
      expect(rows.length).toBeLessThanOrEqual(pub.published);
      // A reading is accepted once, however often it was delivered.
      expect(count.accepted).toBe(rows.length);

      // A device that resends readings the cluster already stored (its PUBACK lost): each is a
      // duplicate, nothing is accepted or stored twice.
      const again = [...(pub.acked.get(`${ASSET}/dev0/v`) ?? new Map<number, number>())].slice(0, 100);
      const resend = await mqtt.connectAsync(c.nats.mqttUrl, { reconnectPeriod: 0 });
      try {
        for (const [ts, value] of again)
          await resend.publishAsync(`xinzhi/v1/${ASSET}/dev0/v`, JSON.stringify({ ts, value }), { qos: 1 });
      } finally {
        await resend.endAsync();
      }
      await drained(c, state.lastSeq + again.length);
      const after = await waitFor(
        'resent readings counted',
        async () => {
          const x = await counters(c);
          return x.duplicates >= count.duplicates + again.length && x;
        },
        20_000,
      );
      expect(after).toEqual({ accepted: count.accepted, duplicates: count.duplicates + again.length });
      expect((await stored(c)).length).toBe(rows.length);
    }, 150_000);
  });
});
