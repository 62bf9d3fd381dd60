import { type Logger, parseDuration, systemClock, XinzhiError } from '../core/index.js';
import {
  createDemo,
  demoDeliveryProblem,
  demoPlanId,
  type FleetPlanSource,
  localDay,
  MACHINES,
  machineAssetId,
  OVEN_LOOP,
  OVEN_META,
  provisionAssets,
  provisionDemoCamera,
  provisionDemoMonitoring,
  provisionDemoReports,
  provisionFarmFields,
  startDemoCamera,
  startOvenDevice,
} from '../demo/index.js';
import { agriculture, logistics } from '../domains/index.js';
import { MACHINE_STATE } from '../domains/manufacturing/index.js';
import { createApiKey, noCredentialsYet, type RulMapping } from '../server/index.js';
import type { Store } from '../store/index.js';
import type { ServeHook } from './commands/serve.js';
import { backfillDemo, backfillProgress } from './demo-backfill.js';
import { startDemoConnectors } from './demo-connectors.js';

const formatHours = (ms: number): string => `${(ms / 3_600_000).toFixed(1)} h`;

/** One line on stderr: stdout carries the URLs (or the one JSON document under --json). */
const progressLine = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export interface ServeDemoOptions {
  readonly seed: number;
  readonly speed: number;
  /** How far back the simulation starts; it runs at `speed` until it reaches now, then in real time. */
  readonly historyMs: number;
  /** Machine sampling interval of the factory (simulated ms); default the demo's. */
  readonly factorySampleMs?: number;
  /**
   * The last part of the history replayed over MQTT at `speed` instead of written in bulk before
   * the URL is printed (default 0: all of it in bulk, then live).
   */
  readonly replayMs?: number;
}

/** Days of farm weather before the demo start: the biofix of field A is 35 days back (farm-fields.ts). */
export const FARM_LEAD_MS = 36 * 86_400_000;

/** Reads and checks the `--demo-*` flags. */
export function parseServeDemoFlags(flags: {
  demoSeed: string;
  demoSpeed: string;
  demoHistory: string;
  demoSample?: string;
  demoReplay?: string;
}): ServeDemoOptions {
  const seed = Number(flags.demoSeed);
  if (!Number.isInteger(seed))
    throw new XinzhiError('BAD_INPUT', `'${flags.demoSeed}' is not an integer`, { field: '--demo-seed' });
  const speed = Number(flags.demoSpeed);
  if (!(Number.isFinite(speed) && speed > 0 && speed <= 3600))
    throw new XinzhiError('BAD_INPUT', `'${flags.demoSpeed}' must be a number in (0, 3600]`, {
      field: '--demo-speed',
    });
  const historyMs = flags.demoHistory === '0' ? 0 : parseDuration(flags.demoHistory);
  if (historyMs === undefined || historyMs < 0)
    throw new XinzhiError('BAD_INPUT', `'${flags.demoHistory}' is not a duration like 6h or 1d`, {
      field: '--demo-history',
    });
  let replayMs = 0;
  if (flags.demoReplay !== undefined) {
    const r = flags.demoReplay === '0' ? 0 : parseDuration(flags.demoReplay);
    if (r === undefined || r < 0)
      throw new XinzhiError('BAD_INPUT', `'${flags.demoReplay}' is not a duration like 0, 30m or 6h`, {
        field: '--demo-replay',
      });
    replayMs = Math.min(r, historyMs);
  }
  if (flags.demoSample === undefined) return { seed, speed, historyMs, replayMs };
  const factorySampleMs = parseDuration(flags.demoSample);
  if (factorySampleMs === undefined || factorySampleMs < 100 || factorySampleMs > 3_600_000)
    throw new XinzhiError('BAD_INPUT', `'${flags.demoSample}' is not a sampling interval from 100ms to 1h`, {
      field: '--demo-sample',
    });
  return { seed, speed, historyMs, replayMs, factorySampleMs };
}

/** Search time of a demo day's plan (about 30 orders, 6 vans: the search settles well within it). */
const DEMO_PLAN_TIME_S = 1.5;

/**
 * Makes (or reuses, when the stored one answers the same orders) the demo fleet's delivery plan of
 * a local day through the delivery service (routing in a worker thread), stored as
 * `demo-YYYY-MM-DD` with source 'demo'.
 */
async function planDemoDay(
  store: Store,
  seed: number,
  day: number,
  logger: Logger,
): Promise<logistics.StoredPlan | undefined> {
  const problem = demoDeliveryProblem(seed, day);
  const id = demoPlanId(day);
  const deliveries = logistics.createDeliveryService({ store, clock: systemClock });
  const stored = await deliveries.find(id);
  if (stored && stored.source === 'demo' && JSON.stringify(stored.problem) === JSON.stringify(problem))
    return stored;
  let plan: logistics.StoredPlan;
  try {
    plan = await deliveries.plan(problem, { timeLimitS: DEMO_PLAN_TIME_S, seed }, { id, source: 'demo' });
  } catch (e) {
    if (!(e instanceof XinzhiError) || e.code !== 'BAD_INPUT') throw e;
    logger.warn(
      { day: id, issues: e.context?.['issues'] ?? e.message },
      'demo: delivery planning failed; vans drive unplanned rounds',
    );
    return undefined;
  }
  logger.info(
    {
      plan: id,
      orders: problem.orders.length,
      km: Math.round(plan.plan.distanceKm),
      feasible: plan.plan.feasible,
    },
    'demo: delivery plan made',
  );
  return plan;
}

/**
 * `xinzhi serve --demo`: provisions the demo's assets and series (so declared units win over a
 * device's first reading), then runs the simulated factory, farm and fleet as MQTT devices against
 * the embedded broker, through the same ingest path as real devices. When API keys exist, the demo
 * gets a temporary operator key that is revoked when the server stops.
 */
export function serveDemoHook(options: ServeDemoOptions, logger: Logger): ServeHook {
  return async (handle, store) => {
    if (!handle.mqtt)
      throw new XinzhiError('BAD_INPUT', 'the demo publishes over MQTT: drop --no-mqtt to use --demo', {
        field: '--demo',
      });
    let credentials: { username: string; password: string } | undefined;
    let keyId: number | undefined;
    if (handle.authMode !== 'none' && !(await noCredentialsYet(store))) {
      const { record, secret } = await createApiKey(
        store,
        { name: 'demo (temporary)', role: 'operator' },
        Date.now(),
      );
      credentials = { username: 'demo', password: secret };
      keyId = record.id;
    }
    // The vans drive the day's delivery plan made by the routing engine: plan every simulated day
    // up to today before the demo starts, and tomorrow's ahead of time while it runs.
    const now = Date.now();
    const start = Math.floor((now - options.historyMs) / 1000) * 1000;
    // Written in bulk up to here; from here on published over MQTT (a short catch-up, then live).
    const until = Math.max(start, Math.floor((now - (options.replayMs ?? 0)) / 1000) * 1000);
    const plans = new Map<number, logistics.StoredPlan>();
    const ensure = async (day: number): Promise<void> => {
      if (plans.has(day)) return;
      const p = await planDemoDay(store, options.seed, day, logger);
      if (p) plans.set(day, p);
    };
    for (let d = localDay(start); d <= localDay(Date.now()); d++) await ensure(d);
    let planning: Promise<void> | undefined;
    const ahead = setInterval(() => {
      planning ??= ensure(localDay(Date.now()) + 1)
        .catch((e: unknown) => logger.warn({ err: (e as Error).message }, 'demo: planning ahead failed'))
        .finally(() => {
          planning = undefined;
        });
    }, 10 * 60_000);
    ahead.unref();
    const fleetPlans: FleetPlanSource = (day) => plans.get(day);
    const demo = createDemo({
      brokerUrl: handle.mqtt.url,
      seed: options.seed,
      speed: options.speed,
      start,
      fleetPlans,
      notAfterNow: true,
      history: { until, farmLeadMs: FARM_LEAD_MS },
      logger,
      ...(options.factorySampleMs === undefined ? {} : { intervals: { factory: options.factorySampleMs } }),
      ...(credentials ?? {}),
    });
    // While the history is written the series expect its coarser spacing (no false gaps), then
    // their live intervals again.
    await provisionAssets(store, [...demo.model.historyAssets, OVEN_META]);
    await provisionFarmFields(store, start);
    // Alarm rules for the plant's real faults, in place before the first reading is scored.
    await provisionDemoMonitoring(store, demo.model.historyAssets);
    // The daily production report, filed each morning for the day before.
    await provisionDemoReports(store, Date.now());
    const bar = backfillProgress();
    const filled = await backfillDemo(demo, handle, store, start - FARM_LEAD_MS, until, bar.update).finally(
      () => bar.stop(),
    );
    await provisionAssets(store, [...demo.model.assets, OVEN_META]);
    // New RUL mappings replay the stored history, so the wearing bearing is known at once.
    await mapDemoMills(handle);
    progressLine(
      `demo history: ${filled.points.toLocaleString('en')} readings (${Math.round(FARM_LEAD_MS / 86_400_000)} days of farm weather, ` +
        `${formatHours(until - start)} of factory and fleet)${filled.skipped > 0 ? `, ${filled.skipped.toLocaleString('en')} already stored` : ''} in ${(filled.ms / 1000).toFixed(1)} s`,
    );
    await demo.start();
    // The live control loop: the oven device and TIC-101 (kept as saved when it exists from an earlier run).
    const saved = handle.loops.get(OVEN_LOOP.id);
    const oven = await startOvenDevice({
      brokerUrl: handle.mqtt.url,
      logger,
      initialOutput: saved ? saved.snapshot().op : (OVEN_LOOP.manualOutput ?? 0),
      ...(credentials ?? {}),
    });
    if (!saved) await handle.loops.create(OVEN_LOOP, 'demo');
    // The surface camera on line 1: its model is trained on generated images the first time.
    await provisionDemoCamera(store, logger);
    const camera = await startDemoCamera({
      brokerUrl: handle.mqtt.url,
      logger,
      seed: options.seed,
      ...(credentials ?? {}),
    });
    // Degree-day thresholds reached by the farm's fields become alarms (each once), checked every minute.
    const checkPests = async (): Promise<void> => {
      for (const { fieldId, params } of await agriculture.listFieldParams(store))
        if (params.pestModels?.length)
          await agriculture.raisePestAlarms(store, fieldId, { now: Date.now() }).catch((e: unknown) => {
            logger.debug({ fieldId, err: (e as Error).message }, 'pest check skipped');
          });
    };
    await checkPests();
    const pestTimer = setInterval(() => void checkPests(), 60_000);
    pestTimer.unref();
    logger.info({ seed: options.seed, speed: options.speed, historyMs: options.historyMs }, 'demo running');
    // The OPC UA lathe and the Modbus meter come up in the background (node-opcua is slow to start).
    // XINZHI_DEMO_MACHINES=0 leaves them out (browser tests that do not need them).
    const machines =
      process.env['XINZHI_DEMO_MACHINES'] === '0'
        ? undefined
        : startDemoConnectors(store, handle.connectors, logger);
    return async () => {
      await (await machines)?.stop();
      clearInterval(ahead);
      clearInterval(pestTimer);
      await planning;
      await oven.stop();
      await camera.stop();
      await demo.stop();
      if (keyId !== undefined) await store.revokeApiKey(keyId);
    };
  };
}

/**
 * The RUL mapping of one demo CNC mill: spindle-bearing vibration and temperature feed the
 * health-index model, sampled while the mill runs, in 5-min buckets (as `rul-monitor.test.ts`
 * checks it on the demo's bearing fault).
 */
export function demoMillRulMapping(assetId: string): RulMapping {
  return {
    assetId,
    model: { kind: 'health-index', baselineSamples: 10 },
    series: { [`${assetId}/vibration`]: 'vibration', [`${assetId}/bearing_temp`]: 'bearing_temp' },
    gate: { seriesId: `${assetId}/state`, values: [MACHINE_STATE.RUN] },
    bucketMs: 5 * 60_000,
  };
}

/** Maps every demo CNC mill to the health-index model, keeping a mapping the user already changed. */
async function mapDemoMills(handle: Parameters<ServeHook>[0]): Promise<void> {
  const have = new Set((await handle.rul.mappings()).map((m) => m.assetId));
  for (const m of MACHINES) {
    if (m.type !== 'cnc-mill') continue;
    const a = machineAssetId(m);
    if (!have.has(a)) await handle.rul.putMapping({ ...demoMillRulMapping(a), updatedAt: Date.now() });
  }
}
