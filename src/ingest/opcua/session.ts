/**
 * An OPC UA client session (node-opcua): security mode and policy, anonymous or user/password
 * identity, and the trust list. Certificates live in a PKI folder (by default `opcua-pki/` beside
 * the database): `own/` holds xinzhi's application certificate (created on first use), `trusted/`
 * the server certificates xinzhi accepts, `rejected/` those it refused, where an operator can
 * inspect one and move it to `trusted/`. Reconnection uses node-opcua's connection strategy
 * (exponential backoff) and session recovery.
 */
import {
  type ClientSession,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  type UserIdentityInfo,
  UserTokenType,
} from 'node-opcua';
import { type Logger, XinzhiError } from '../../core/index.js';

export const SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;
export type SecurityModeName = (typeof SECURITY_MODES)[number];
export const SECURITY_POLICIES = [
  'None',
  'Basic256Sha256',
  'Aes128_Sha256_RsaOaep',
  'Aes256_Sha256_RsaPss',
] as const;
export type SecurityPolicyName = (typeof SECURITY_POLICIES)[number];

export interface OpcuaConnectOptions {
  readonly endpoint: string;
  /** Default `None`. */
  readonly securityMode?: SecurityModeName;
  /** Default `None`, or `Basic256Sha256` when the mode is not None. */
  readonly securityPolicy?: SecurityPolicyName;
  readonly user?: string;
  readonly password?: string;
  /** PKI folder (own/, trusted/, rejected/). */
  readonly pkiFolder: string;
  /** Trust a server certificate seen for the first time (and keep it in trusted/). Default false. */
  readonly trustUnknownServer?: boolean;
  /** Give up on the first connection after this long; default 15,000 ms. */
  readonly connectTimeoutMs?: number;
  /** Longest wait between reconnection attempts; default 30,000 ms. */
  readonly maxReconnectDelayMs?: number;
  readonly logger: Logger;
}

export interface OpcuaConnection {
  readonly client: OPCUAClient;
  readonly session: ClientSession;
  /** Reconnections since the first connection. */
  reconnects(): number;
  /** Whether the link is up now. */
  connected(): boolean;
  close(): Promise<void>;
}

const MODE: Record<SecurityModeName, MessageSecurityMode> = {
  None: MessageSecurityMode.None,
  Sign: MessageSecurityMode.Sign,
  SignAndEncrypt: MessageSecurityMode.SignAndEncrypt,
};
const POLICY: Record<SecurityPolicyName, SecurityPolicy> = {
  None: SecurityPolicy.None,
  Basic256Sha256: SecurityPolicy.Basic256Sha256,
  Aes128_Sha256_RsaOaep: SecurityPolicy.Aes128_Sha256_RsaOaep,
  Aes256_Sha256_RsaPss: SecurityPolicy.Aes256_Sha256_RsaPss,
};

export async function openPki(folder: string, trustUnknown: boolean): Promise<OPCUACertificateManager> {
  const cm = new OPCUACertificateManager({
    rootFolder: folder,
    automaticallyAcceptUnknownCertificate: trustUnknown,
  });
  await cm.initialize();
  return cm;
}

/** Connects and opens a session; UNAVAILABLE (unreachable, refused certificate) or UNAUTHENTICATED. */
export async function connectOpcua(options: OpcuaConnectOptions): Promise<OpcuaConnection> {
  const { logger } = options;
  const modeName = options.securityMode ?? 'None';
  const policyName = options.securityPolicy ?? (modeName === 'None' ? 'None' : 'Basic256Sha256');
  if ((modeName === 'None') !== (policyName === 'None'))
    throw new XinzhiError('BAD_INPUT', `security mode ${modeName} does not go with policy ${policyName}`, {
      field: '--security-policy',
    });
  const pki = await openPki(options.pkiFolder, options.trustUnknownServer ?? false);
  const client = OPCUAClient.create({
    applicationName: 'xinzhi',
    applicationUri: 'urn:xinzhi:opcua-client',
    endpointMustExist: false,
    securityMode: MODE[modeName],
    securityPolicy: POLICY[policyName],
    clientCertificateManager: pki,
    keepSessionAlive: true,
    requestedSessionTimeout: 60_000,
    connectionStrategy: {
      initialDelay: 500,
      maxDelay: options.maxReconnectDelayMs ?? 30_000,
      maxRetry: 1_000_000,
    },
  });
  let reconnects = 0;
  let up = false;
  // An 'error' event without a listener ends the process; a device must never do that.
  (client as unknown as NodeJS.EventEmitter).on('error', (err: unknown) =>
    logger.warn(
      { err: err instanceof Error ? err.message : String(err), endpoint: options.endpoint },
      'opc ua client error',
    ),
  );
  client.on('connection_lost', () => {
    up = false;
    logger.warn({ endpoint: options.endpoint }, 'opc ua connection lost; reconnecting');
  });
  client.on('after_reconnection', () => {
    up = true;
    reconnects++;
    logger.info({ endpoint: options.endpoint }, 'opc ua reconnected');
  });
  const timeoutMs = options.connectTimeoutMs ?? 15_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      client.connect(options.endpoint),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (e) {
    clearTimeout(timer);
    await client.disconnect().catch(() => undefined);
    const msg = e instanceof Error ? e.message : String(e);
    const certificate = /certificate|BadSecurityChecksFailed|BadCertificate/i.test(msg);
    throw new XinzhiError(
      'UNAVAILABLE',
      certificate
        ? `OPC UA server ${options.endpoint} refused or was refused on certificates (${firstLine(msg)}); a server certificate xinzhi does not trust is in ${options.pkiFolder}/rejected: move it to trusted/ (or pass --trust-server once), and trust xinzhi's certificate (${options.pkiFolder}/own/certs) on the server`
        : `cannot connect to OPC UA server ${options.endpoint}: ${firstLine(msg)}`,
      { field: 'endpoint', cause: e },
    );
  }
  clearTimeout(timer);
  up = true;
  const identity: UserIdentityInfo =
    options.user !== undefined
      ? { type: UserTokenType.UserName, userName: options.user, password: options.password ?? '' }
      : { type: UserTokenType.Anonymous };
  let session: ClientSession;
  try {
    session = await client.createSession(identity);
  } catch (e) {
    await client.disconnect().catch(() => undefined);
    const msg = e instanceof Error ? e.message : String(e);
    throw new XinzhiError(
      /Identity|User|Bad(UserAccessDenied|IdentityTokenInvalid|IdentityTokenRejected)/i.test(msg)
        ? 'UNAUTHENTICATED'
        : 'UNAVAILABLE',
      `OPC UA server ${options.endpoint} refused the session: ${firstLine(msg)}`,
      { field: options.user !== undefined ? '--user' : 'endpoint', cause: e },
    );
  }
  return {
    client,
    session,
    reconnects: () => reconnects,
    connected: () => up,
    async close() {
      await session.close().catch(() => undefined);
      await client.disconnect().catch(() => undefined);
    },
  };
}

const firstLine = (s: string): string => s.split('\n')[0]!.slice(0, 300);
