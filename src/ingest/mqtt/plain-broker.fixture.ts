/**
 * Test and benchmark helper: a bare aedes broker on a free loopback port, standing in for "some
 * MQTT broker" (no ingest, no access rules), for clients such as the demo that only publish.
 */
import { createServer } from 'node:net';
import { Aedes } from 'aedes';

export interface PlainBroker {
  /** `mqtt://127.0.0.1:<port>`. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startPlainBroker(): Promise<PlainBroker> {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  return {
    url: `mqtt://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
