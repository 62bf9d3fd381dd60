import { type Logger, parseDuration, XinzhiError } from '../core/index.js';
import { createDemo, provisionAssets, provisionFarmFields } from '../demo/index.js';
import { agriculture } from '../domains/index.js';
import { createApiKey } from '../server/index.js';
import type { ServeHook } from './commands/serve.js';

export interface ServeDemoOptions {
  readonly seed: number;
  readonly speed: number;
  /** How far back the simulation starts; it runs at `speed` until it reaches now, then in real time. */
  readonly historyMs: number;
}

/** Reads and checks the `--demo-*` flags. */
export function parseServeDemoFlags(flags: {
  demoSeed: string;
  demoSpeed: string;
  demoHistory: string;
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
  return { seed, speed, historyMs };
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
    if (handle.authMode !== 'none' && (await store.countApiKeys()) > 0) {
      const { record, secret } = await createApiKey(
        store,
        { name: 'demo (temporary)', role: 'operator' },
        Date.now(),
      );
      credentials = { username: 'demo', password: secret };
      keyId = record.id;
    }
    const start = Math.floor((Date.now() - options.historyMs) / 1000) * 1000;
    const demo = createDemo({
      brokerUrl: handle.mqtt.url,
      seed: options.seed,
      speed: options.speed,
      start,
      notAfterNow: true,
      logger,
      ...(credentials ?? {}),
    });
    await provisionAssets(store, demo.model.assets);
    await provisionFarmFields(store, start);
    await demo.start();
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
    return async () => {
      clearInterval(pestTimer);
      await demo.stop();
      if (keyId !== undefined) await store.revokeApiKey(keyId);
    };
  };
}
