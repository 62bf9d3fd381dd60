/**
 * node-opcua's own OPCUAServer for tests: `machines` objects of `perMachine` Double variables
 * (`ns=1;s=M<m>.v<k>`, values changing with time), one AnalogItem in °C with EngineeringUnits, one
 * variable reporting Uncertain and one Bad; security None, Sign and SignAndEncrypt with
 * Basic256Sha256, anonymous and a user `op`/`secret`.
 */
import { join } from 'node:path';
import {
  DataType,
  DataValue,
  MessageSecurityMode,
  nodesets,
  OPCUACertificateManager,
  OPCUAServer,
  SecurityPolicy,
  StatusCodes,
  standardUnits,
  Variant,
} from 'node-opcua';
import { silentLogger } from '../../core/index.js';
import { connectOpcua, type OpcuaConnection } from './session.js';

// Its users take the free port from here along with the server.
export { freePort } from '../free-port.fixture.js';

export interface TestOpcuaServer {
  readonly port: number;
  readonly endpoint: string;
  readonly server: OPCUAServer;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  readonly port: number;
  readonly pkiFolder: string;
  readonly machines?: number;
  readonly perMachine?: number;
  /** Only secure endpoints (no None); default false. */
  readonly secureOnly?: boolean;
  /**
   * Add `Act` with writable variables `ns=1;s=Act.Valve` (Double), `Act.Speed` (Int16), `Act.Run`
   * (Boolean), `Act.Label` (String) and a read-only `Act.Locked` (Double); default false.
   */
  readonly actuators?: boolean;
}

export async function startOpcuaServer(options: TestServerOptions): Promise<TestOpcuaServer> {
  const pki = new OPCUACertificateManager({
    rootFolder: options.pkiFolder,
    automaticallyAcceptUnknownCertificate: true,
  });
  await pki.initialize();
  const server = new OPCUAServer({
    port: options.port,
    hostname: '127.0.0.1',
    resourcePath: '/UA/xinzhi-test',
    nodeset_filename: [nodesets.standard],
    serverCertificateManager: pki,
    securityModes: options.secureOnly
      ? [MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt]
      : [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
    securityPolicies: options.secureOnly
      ? [SecurityPolicy.Basic256Sha256]
      : [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    allowAnonymous: true,
    userManager: { isValidUser: (user: string, password: string) => user === 'op' && password === 'secret' },
  });
  await server.initialize();
  const space = server.engine.addressSpace!;
  const ns = space.getOwnNamespace();
  const machines = options.machines ?? 30;
  const perMachine = options.perMachine ?? 100;
  const t0 = Date.now();
  for (let m = 0; m < machines; m++) {
    const obj = ns.addObject({
      organizedBy: space.rootFolder.objects,
      browseName: `Machine${m}`,
      nodeId: `s=M${m}`,
    });
    for (let k = 0; k < perMachine; k++)
      ns.addVariable({
        componentOf: obj,
        browseName: `v${k}`,
        nodeId: `s=M${m}.v${k}`,
        dataType: 'Double',
        minimumSamplingInterval: 100,
        value: {
          get: () =>
            new Variant({ dataType: DataType.Double, value: k + ((Date.now() - t0) % 100_000) / 1000 }),
        },
      });
  }
  const cell = ns.addObject({ organizedBy: space.rootFolder.objects, browseName: 'Cell', nodeId: 's=Cell' });
  ns.addAnalogDataItem({
    componentOf: cell,
    browseName: 'OvenTemp',
    nodeId: 's=Cell.OvenTemp',
    dataType: 'Double',
    engineeringUnitsRange: { low: 0, high: 400 },
    engineeringUnits: standardUnits.degree_celsius,
    minimumSamplingInterval: 100,
    value: {
      get: () => new Variant({ dataType: DataType.Double, value: 180 + ((Date.now() - t0) % 10_000) / 1000 }),
    },
  });
  const flagged = (name: string, status: typeof StatusCodes.Good) =>
    ns.addVariable({
      componentOf: cell,
      browseName: name,
      nodeId: `s=Cell.${name}`,
      dataType: 'Double',
      minimumSamplingInterval: 100,
      value: {
        timestamped_get: () =>
          new DataValue({
            value: new Variant({ dataType: DataType.Double, value: (Date.now() - t0) / 1000 }),
            statusCode: status,
            sourceTimestamp: new Date(),
          }),
      },
    });
  flagged('Uncertain', StatusCodes.UncertainLastUsableValue);
  flagged('Broken', StatusCodes.BadSensorFailure);
  if (options.actuators) {
    const act = ns.addObject({ organizedBy: space.rootFolder.objects, browseName: 'Act', nodeId: 's=Act' });
    const rw = (name: string, dataType: string, value: unknown, writable = true) =>
      ns.addVariable({
        componentOf: act,
        browseName: name,
        nodeId: `s=Act.${name}`,
        dataType,
        accessLevel: writable ? 'CurrentRead | CurrentWrite' : 'CurrentRead',
        userAccessLevel: writable ? 'CurrentRead | CurrentWrite' : 'CurrentRead',
        value: new Variant({ dataType: DataType[dataType as keyof typeof DataType] as DataType, value }),
      });
    rw('Valve', 'Double', 0);
    rw('Speed', 'Int16', 0);
    rw('Run', 'Boolean', false);
    rw('Label', 'String', '');
    rw('Locked', 'Double', 0, false);
  }
  await server.start();
  return {
    port: options.port,
    endpoint: `opc.tcp://127.0.0.1:${options.port}/UA/xinzhi-test`,
    server,
    stop: () => server.shutdown(0),
  };
}

/** A plain client session on `server` (its PKI in `dir`/reader), to read back what a test wrote. */
export function connectReader(server: TestOpcuaServer, dir: string): Promise<OpcuaConnection> {
  return connectOpcua({ endpoint: server.endpoint, pkiFolder: join(dir, 'reader'), logger: silentLogger });
}
