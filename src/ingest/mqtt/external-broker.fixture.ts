/**
 * Test helper: the machine's external MQTT broker (Mosquitto on these machines and in CI), or
 * $XINZHI_TEST_MQTT_URL; tests that need it skip when it does not answer.
 */
import mqtt from 'mqtt';

export const EXTERNAL_MQTT_URL = process.env['XINZHI_TEST_MQTT_URL'] ?? 'mqtt://127.0.0.1:1883';

/** Whether the external broker answers; says on stderr that its tests are skipped when it does not. */
export async function externalBrokerReachable(): Promise<boolean> {
  const reachable = await mqtt
    .connectAsync(EXTERNAL_MQTT_URL, { reconnectPeriod: 0, connectTimeout: 2000 })
    .then(async (c) => {
      await c.endAsync(true);
      return true;
    })
    .catch(() => false);
  if (!reachable) console.warn(`skipping external-broker tests: no MQTT broker at ${EXTERNAL_MQTT_URL}`);
  return reachable;
}
