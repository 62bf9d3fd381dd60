/**
 * The benchmark's peers in a child process, so the measured process's CPU is xinzhi's alone:
 *   peers.ts opcua <port> <pkiDir> <items>     an OPC UA server with <items> changing variables
 *   peers.ts modbus <firstPort> <devices>      Modbus TCP servers on consecutive ports
 * Prints `ready` on stdout once listening.
 */
import { startModbusServer } from '../../src/ingest/modbus/modbus-server.fixture.js';
import { startOpcuaServer } from '../../src/ingest/opcua/opcua-server.fixture.js';

const [kind, a, b, c] = process.argv.slice(2);
console.log = (...x: unknown[]) => process.stderr.write(`${x.join(' ')}\n`);
if (kind === 'opcua') {
  const items = Number(c);
  await startOpcuaServer({
    port: Number(a),
    pkiFolder: b!,
    machines: Math.ceil(items / 100),
    perMachine: 100,
  });
} else {
  const n = Number(b);
  for (let i = 0; i < n; i++) {
    const s = await startModbusServer();
    for (let r = 0; r < 20; r++) s.holding.set(r, (i * 20 + r) % 65_536);
    process.stdout.write(`port ${s.port}\n`);
  }
  void a;
}
process.stdout.write('ready\n');
