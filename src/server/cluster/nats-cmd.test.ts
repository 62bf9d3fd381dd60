import { connect } from '@nats-io/transport-node';
import mqtt from 'mqtt';
import { expect, it } from 'vitest';
import { useNatsServer, withNatsServer } from '../../ingest/nats/nats-server.fixture.js';
import { natsCmdPublisher } from './nats-cmd.js';

withNatsServer('loop outputs on NATS (real nats-server with its MQTT listener)', () => {
  const server = useNatsServer();

  it("reaches a device subscribed to the actuator topic over NATS's MQTT listener", async () => {
    const nc = await connect({ servers: server.url });
    const device = await mqtt.connectAsync(server.mqttUrl, { clientId: 'valve-1', reconnectPeriod: 0 });
    const topic = 'xinzhi/cmd/plant1/m3/valve';
    await device.subscribeAsync(topic, { qos: 0 });
    const got = new Promise<{ topic: string; payload: string }>((resolve) =>
      device.on('message', (t, p) => resolve({ topic: t, payload: p.toString() })),
    );
    const publish = natsCmdPublisher(nc);
    // The MQTT subscription is set up asynchronously on the server: publish until it arrives.
    const payload = JSON.stringify({ ts: 1, value: 42.5, unit: '%' });
    const timer = setInterval(() => void publish(topic, Buffer.from(payload)), 100);
    try {
      expect(await got).toEqual({ topic, payload });
    } finally {
      clearInterval(timer);
      await device.endAsync();
      await nc.close();
    }
  });

  it('refuses a topic that has no subject (wildcards, empty levels) and a closed connection', async () => {
    const nc = await connect({ servers: server.url });
    const publish = natsCmdPublisher(nc);
    await expect(publish('xinzhi/cmd/+/valve', Buffer.from('1'))).rejects.toThrow(/no NATS subject/);
    await expect(publish('xinzhi//cmd', Buffer.from('1'))).rejects.toThrow(/no NATS subject/);
    await nc.close();
    await expect(publish('xinzhi/cmd/a/b', Buffer.from('1'))).rejects.toThrow();
  });
});
