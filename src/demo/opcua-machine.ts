/**
 * The demo's OPC UA machine: a lathe whose controller exposes its spindle speed, spindle
 * temperature (an AnalogItem in °C with EngineeringUnits) and state over OPC UA (node-opcua's
 * server), as a real CNC controller does; the server's OPC UA connector reads it.
 */
import { FACTORY } from './machines.js';

export const OPCUA_MACHINE_ASSET = `${FACTORY.site}/${FACTORY.area}/line2/lathe-07`;

export interface DemoOpcuaMachine {
  readonly endpoint: string;
  /** Node id → metric, for the connector declaration. */
  readonly nodes: ReadonlyArray<{ readonly nodeId: string; readonly metric: string; readonly unit?: string }>;
  stop(): Promise<void>;
}

export async function startDemoOpcuaMachine(port: number, pkiFolder: string): Promise<DemoOpcuaMachine> {
  const op = await import('node-opcua');
  const pki = new op.OPCUACertificateManager({
    rootFolder: pkiFolder,
    automaticallyAcceptUnknownCertificate: true,
  });
  await pki.initialize();
  const server = new op.OPCUAServer({
    port,
    hostname: '127.0.0.1',
    resourcePath: '/xinzhi/demo/lathe',
    nodeset_filename: [op.nodesets.standard],
    serverCertificateManager: pki,
    buildInfo: { productName: 'xinzhi demo lathe' },
  });
  await server.initialize();
  const space = server.engine.addressSpace!;
  const ns = space.getOwnNamespace();
  const lathe = ns.addObject({
    organizedBy: space.rootFolder.objects,
    browseName: 'Lathe07',
    nodeId: 's=Lathe07',
  });
  const t0 = Date.now();
  // A 20-minute cycle: run at ~1,800 rpm with a slow thermal drift, then 2 minutes idle.
  const running = (): boolean => (Date.now() - t0) % 1_200_000 < 1_080_000;
  const double = (get: () => number) => ({
    get: () => new op.Variant({ dataType: op.DataType.Double, value: get() }),
  });
  ns.addVariable({
    componentOf: lathe,
    browseName: 'SpindleSpeed',
    nodeId: 's=Lathe07.SpindleSpeed',
    dataType: 'Double',
    minimumSamplingInterval: 500,
    value: double(() => (running() ? 1800 + 15 * Math.sin((Date.now() - t0) / 7000) : 0)),
  });
  ns.addAnalogDataItem({
    componentOf: lathe,
    browseName: 'SpindleTemp',
    nodeId: 's=Lathe07.SpindleTemp',
    dataType: 'Double',
    engineeringUnitsRange: { low: 0, high: 150 },
    engineeringUnits: op.standardUnits.degree_celsius,
    minimumSamplingInterval: 500,
    value: double(() => 38 + (running() ? 6 : 0) + 1.5 * Math.sin((Date.now() - t0) / 60_000)),
  });
  ns.addVariable({
    componentOf: lathe,
    browseName: 'Running',
    nodeId: 's=Lathe07.Running',
    dataType: 'Boolean',
    minimumSamplingInterval: 500,
    value: { get: () => new op.Variant({ dataType: op.DataType.Boolean, value: running() }) },
  });
  await server.start();
  return {
    endpoint: `opc.tcp://127.0.0.1:${port}/xinzhi/demo/lathe`,
    nodes: [
      { nodeId: 'ns=1;s=Lathe07.SpindleSpeed', metric: 'spindle_speed', unit: '/min' },
      { nodeId: 'ns=1;s=Lathe07.SpindleTemp', metric: 'spindle_temp', unit: 'Cel' },
      { nodeId: 'ns=1;s=Lathe07.Running', metric: 'running' },
    ],
    stop: () => server.shutdown(0),
  };
}
