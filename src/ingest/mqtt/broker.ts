/**
 * The embedded MQTT broker (aedes) that devices connect to out of the box. Messages under the
 * xinzhi topic prefix are ingested; everything else is brokered as usual, so the same broker also
 * carries commands and control loops.
 *
 * QoS 1 durability: aedes writes the PUBACK of a QoS 1 publish right after `authorizePublish`
 * calls back (lib/handlers/publish.js: authorizePublish → enqueuePublish → write(PubAck)), so the
 * ingest happens inside `authorizePublish` and its callback waits for the group commit. A failed
 * commit calls back with the error, which makes aedes drop the connection without acknowledging:
 * the device then resends on reconnect. Unreadable messages are quarantined (also durably) and
 * acknowledged, so one bad device never stalls or disconnects.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer } from 'node:tls';
import { Aedes, type AedesOptions, type Client } from 'aedes';
import { createWebSocketStream, WebSocketServer } from 'ws';
import {
  type Clock,
  DEFAULT_LIMITS,
  type Limits,
  type Logger,
  type Principal,
  XinzhiError,
} from '../../core/index.js';
import { type AclContext, mayPublish, maySubscribe } from './acl.js';
import type { IngestBatcher } from './batcher.js';
import { createFrameFetcher, frameUrlOf } from './frame-url.js';
import { limitPacketSize } from './packet-guard.js';
import { type ParsedMessage, parseMqttMessage, unreadableMessage } from './payload.js';
import { createRetainedQuota } from './retained-quota.js';
import { DEFAULT_TOPIC_PREFIX, parseTopic } from './topic.js';

export interface EmbeddedBrokerOptions {
  readonly batcher: IngestBatcher;
  readonly clock: Clock;
  readonly logger: Logger;
  /** TCP port; default 1883 (0 picks a free one). */
  readonly port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  readonly host?: string;
  /** Topics under this prefix are ingested; default `xinzhi/v1/`. */
  readonly topicPrefix?: string;
  readonly importId?: number | null;
  /**
   * Checks a client's credentials (MQTT password = API key). Omitted: every client may connect.
   * Resolves true to accept.
   */
  readonly authenticate?: (username: string | undefined, password: string | undefined) => Promise<boolean>;
  /**
   * Who clients are and what they may do (acl.ts). Takes the place of `authenticate`: every client
   * gets a principal at CONNECT, and each publish and subscription is checked against it.
   */
  readonly access?: MqttAccess;
  /** Named in the PORT_IN_USE message so users know which flag to change; default `--mqtt-port`. */
  readonly portFlag?: string;
  /** Also accept MQTT over WebSocket (path `/mqtt`) on this port, for browsers and web HMIs. */
  readonly wsPort?: number;
  /** Flag named when the WebSocket port is taken; default `--mqtt-ws-port`. */
  readonly wsPortFlag?: string;
  /**
   * Browser origins (`https://hmi.example:8443`) that may open MQTT over WebSocket. Default none:
   * any page can open a WebSocket to any host, so a handshake with an `Origin` header (browsers
   * always send one) is refused with 403 unless listed; devices and Node clients send no Origin
   * and are accepted (then authenticated as usual).
   */
  readonly wsAllowedOrigins?: readonly string[];
  /** Packet, payload, JSON depth and retained-message limits; default `DEFAULT_LIMITS`. */
  readonly limits?: Limits;
  /**
   * Camera frames on `<prefix><asset path>/image` (binary JPEG or PNG payload): handed here instead
   * of being read as readings; PUBACK follows once it resolves. A rejection (not an image, a broken
   * one) is quarantined with its reason, as an unreadable reading is. A payload that is a URL
   * (`http(s)://…` on the publishing device's own address) is fetched first (frame-url.ts), capped
   * at `limits.bodyBytes.images`; every refusal is quarantined with its reason.
   */
  readonly onImage?: (asset: string, payload: Uint8Array, receivedAt: number) => Promise<unknown>;
  /** Deadline for fetching a frame published as a URL (connect and read). Default 5 s. */
  readonly frameFetchTimeoutMs?: number;
  /** PEM certificate and key: the broker speaks MQTT over TLS (mqtts) and, when on, WSS. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
}

/** The broker's view of access control, supplied by the server (the broker knows no keys). */
export interface MqttAccess {
  /**
   * The principal of a connecting client, or why it is refused (bad key; client id bound to another
   * key). `persistent`: the client asks for a persistent session (clean session off).
   */
  identify(
    clientId: string,
    username: string | undefined,
    password: string | undefined,
    persistent: boolean,
  ): Promise<{ principal: Principal } | { refused: 'credentials' | 'client-id'; message: string }>;
  /** The organisation of a site, from a map current enough for per-message checks. */
  orgOfSite(site: string): string;
}

export interface EmbeddedBroker {
  /** The port actually bound. */
  readonly port: number;
  readonly host: string;
  readonly url: string;
  /** `ws://host:port/mqtt` when the WebSocket listener is on. */
  readonly wsUrl?: string;
  readonly broker: Aedes;
  /** The group committer, with its running counts. */
  readonly batcher: IngestBatcher;
  /** Disconnects every client whose principal matches (a revoked key, open mode ended); returns how many. */
  disconnectWhere(match: (principal: Principal | undefined) => boolean): number;
  /** Stops accepting clients, writes pending messages, closes the broker. */
  close(): Promise<void>;
}

/** Starts listening; rejects with `PORT_IN_USE` when the port is taken. */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const prefix = options.topicPrefix ?? DEFAULT_TOPIC_PREFIX;
  const host = options.host ?? '127.0.0.1';
  const requested = options.port ?? 1883;
  const { batcher, clock, logger } = options;
  const auth = options.authenticate;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const retained = createRetainedQuota(limits.mqttRetainedPerClient, limits.mqttRetainedTotal);

  const principals = new WeakMap<Client, Principal>();
  /** Each connection's remote address, by the stream aedes holds as `client.conn`. */
  const peers = new WeakMap<object, string>();
  const frames = createFrameFetcher({
    maxBytes: limits.bodyBytes.images,
    ...(options.frameFetchTimeoutMs === undefined ? {} : { timeoutMs: options.frameFetchTimeoutMs }),
  });
  const acl: AclContext | undefined = options.access
    ? { orgOfSite: options.access.orgOfSite, prefix }
    : undefined;
  /** The ACL's refusal of a client's publish, or null; clears the retain flag on readings. */
  const refusePublish = (client: Client | null, packet: { topic: string; retain: boolean }): Error | null => {
    if (client === null || !acl) return null;
    const d = mayPublish(principals.get(client), packet.topic, packet.retain, acl);
    if (!d.ok) {
      logger.warn({ client: client.id, topic: packet.topic }, d.reason);
      return new Error(d.reason);
    }
    if (d.clearRetain) packet.retain = false;
    return null;
  };

  const aedesOptions: AedesOptions = {
    authorizePublish: (client, packet, callback) => {
      const refused = refusePublish(client, packet);
      if (refused) {
        callback(refused);
        return;
      }
      // Anything thrown here would escape into aedes and end the process: every failure becomes a
      // quarantine row that is stored and acknowledged; only a failed commit withholds the PUBACK.
      let parsed: ParsedMessage | undefined;
      const now = clock.now();
      try {
        if (
          client !== null &&
          packet.retain &&
          !retained.admit(client.id, packet.topic, packet.payload.length)
        ) {
          logger.warn(
            { client: client.id, topic: packet.topic },
            'mqtt retained quota reached; not retained',
          );
          packet.retain = false;
        }
        const image =
          client !== null && options.onImage && packet.topic.endsWith('/image')
            ? parseTopic(packet.topic, prefix)
            : undefined;
        if (
          image?.ok &&
          image.value.metric === 'image' &&
          packet.topic.startsWith(prefix) &&
          options.onImage
        ) {
          const payload = packet.payload as Buffer;
          const quarantine = (e: unknown): Promise<void> =>
            batcher.submit(
              [],
              unreadableMessage(packet.topic, payload, now, options.importId ?? null, e).quarantine,
            );
          const onImage = options.onImage;
          const url = frameUrlOf(payload);
          const bytes: Promise<Uint8Array> =
            url === undefined
              ? Promise.resolve(payload)
              : frames.fetch(url, client ? peers.get(client.conn as object) : undefined);
          bytes
            .then((b) => onImage(image.value.assetId, b, now))
            .catch((e: unknown) => {
              logger.warn(
                { topic: packet.topic, err: (e as Error).message },
                'mqtt image refused; quarantined',
              );
              return quarantine(e);
            })
            .then(
              () => callback(null),
              (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
            )
            .catch((err: unknown) =>
              logger.error({ err, topic: packet.topic }, 'mqtt acknowledgement failed'),
            );
          return;
        }
        if (client !== null && packet.topic.startsWith(prefix))
          parsed = parseMqttMessage(packet.topic, packet.payload as Buffer, now, {
            prefix,
            importId: options.importId ?? null,
            limits,
          });
      } catch (e) {
        logger.warn({ err: e, topic: packet?.topic }, 'mqtt message could not be read; quarantined');
        parsed = unreadableMessage(packet?.topic, packet?.payload, now, options.importId ?? null, e);
      }
      if (parsed === undefined) {
        callback(null);
        return;
      }
      batcher
        .submit(parsed.readings, parsed.quarantine)
        .then(
          () => callback(null),
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
        )
        .catch((err: unknown) => logger.error({ err, topic: packet.topic }, 'mqtt acknowledgement failed'));
    },
  };
  if (options.access && acl)
    installAccess(aedesOptions, options.access, acl, principals, () => broker, logger);
  else if (auth) {
    aedesOptions.authenticate = (_client, username, password, done) => {
      auth(username, password?.toString('utf8')).then(
        (okay) => {
          if (okay) done(null, true);
          else {
            const e = Object.assign(new Error('bad API key'), { returnCode: 4 as const });
            done(e, false);
          }
        },
        (err: unknown) => {
          logger.error({ err }, 'mqtt authentication failed');
          done(Object.assign(new Error('authentication unavailable'), { returnCode: 3 as const }), false);
        },
      );
    };
  }
  const broker = await Aedes.createBroker(aedesOptions);
  broker.on('clientError', (client, err) => {
    logger.debug({ client: client.id, err: err.message }, 'mqtt client error');
  });

  const tooLarge = (n: number): void => logger.warn({ bytes: n }, 'mqtt packet over the size limit; closed');
  const tls = options.tls;
  const guarded = (socket: Duplex): void => {
    const remote = (socket as { remoteAddress?: string }).remoteAddress;
    if (remote) peers.set(socket, remote);
    broker.handle(limitPacketSize(socket, limits.mqttPacketBytes, tooLarge));
  };
  const server: Server = tls ? createTlsServer(tls, guarded) : createServer(guarded);
  // A failed handshake (plain MQTT to the TLS port, an untrusted client) is that client's problem.
  server.on('tlsClientError', (err: Error) => logger.debug({ err: err.message }, 'mqtts handshake failed'));
  let http: HttpServer | undefined;
  try {
    await listen(server, requested, host, 'MQTT', options.portFlag ?? '--mqtt-port');
    if (options.wsPort !== undefined) {
      const upgradeOnly: Parameters<typeof createHttpServer>[1] = (_req, res) => {
        res.writeHead(426, { 'content-type': 'text/plain' }).end('MQTT over WebSocket: connect to /mqtt\n');
      };
      http = tls ? createHttpsServer(tls, upgradeOnly) : createHttpServer(upgradeOnly);
      const origins = new Set((options.wsAllowedOrigins ?? []).map((o) => o.trim().toLowerCase()));
      const wss = new WebSocketServer({
        server: http,
        path: '/mqtt',
        verifyClient: ({ req }, done) => {
          const origin = req.headers.origin;
          const ok = origin === undefined || origins.has(origin.toLowerCase());
          if (!ok) logger.warn({ origin }, 'mqtt websocket refused: origin not in wsAllowedOrigins');
          done(ok, 403, 'Origin not allowed');
        },
      });
      wss.on('connection', (socket, req) => {
        const stream = createWebSocketStream(socket);
        if (req.socket.remoteAddress) peers.set(stream, req.socket.remoteAddress);
        broker.handle(limitPacketSize(stream, limits.mqttPacketBytes, tooLarge), req);
      });
      await listen(http, options.wsPort, host, 'MQTT-over-WebSocket', options.wsPortFlag ?? '--mqtt-ws-port');
    }
  } catch (e) {
    if (server.listening) server.close();
    if (http?.listening) http.close();
    await new Promise<void>((r) => broker.close(() => r()));
    throw e;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : requested;
  const wsAddress = http?.address();
  const wsPort = typeof wsAddress === 'object' && wsAddress !== null ? wsAddress.port : undefined;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  logger.info({ port, host, wsPort }, 'mqtt broker listening');

  let closed = false;
  return {
    port,
    host,
    url: `${tls ? 'mqtts' : 'mqtt'}://${urlHost}:${port}`,
    ...(wsPort === undefined ? {} : { wsUrl: `${tls ? 'wss' : 'ws'}://${urlHost}:${wsPort}/mqtt` }),
    broker,
    batcher,
    disconnectWhere(match) {
      let n = 0;
      for (const client of Object.values(clientsOf(broker))) {
        if (!match(principals.get(client))) continue;
        client.close();
        n++;
      }
      return n;
    },
    async close() {
      if (closed) return;
      closed = true;
      const serverClosed = new Promise<void>((r) => server.close(() => r()));
      const httpClosed = http ? new Promise<void>((r) => http.close(() => r())) : Promise.resolve();
      await batcher.flush();
      await new Promise<void>((r) => broker.close(() => r()));
      http?.closeAllConnections();
      await Promise.all([serverClosed, httpClosed]);
    },
  };
}

/** aedes keeps connected clients by id; its typings do not declare the map. */
const clientsOf = (broker: Aedes): Record<string, Client> =>
  (broker as unknown as { clients: Record<string, Client> }).clients;

/**
 * Authentication and subscription checks through `access`: a client's principal is kept for its
 * publishes; a client id held by a connected client of another credential cannot be taken over.
 */
function installAccess(
  opts: AedesOptions,
  access: MqttAccess,
  acl: AclContext,
  principals: WeakMap<Client, Principal>,
  broker: () => Aedes,
  logger: Logger,
): void {
  const refuse = (returnCode: 2 | 3 | 4 | 5, message: string) =>
    Object.assign(new Error(message), { returnCode });
  opts.authenticate = (client, username, password, done) => {
    access.identify(client.id, username, password?.toString('utf8'), !client.clean).then(
      (r) => {
        if ('refused' in r) {
          logger.warn({ client: client.id }, r.message);
          done(refuse(r.refused === 'client-id' ? 2 : 4, r.message), false);
          return;
        }
        const holder = clientsOf(broker())[client.id];
        const held = holder ? principals.get(holder) : undefined;
        if (holder && (held?.kind !== r.principal.kind || held?.id !== r.principal.id)) {
          const message = `client id '${client.id}' is in use by another credential`;
          logger.warn({ client: client.id }, message);
          done(refuse(2, message), false);
          return;
        }
        principals.set(client, r.principal);
        done(null, true);
      },
      (err: unknown) => {
        logger.error({ err }, 'mqtt authentication failed');
        done(refuse(3, 'authentication unavailable'), false);
      },
    );
  };
  opts.authorizeSubscribe = (client, sub, done) => {
    const d = maySubscribe(client ? principals.get(client) : undefined, sub.topic, acl);
    if (d.ok) done(null, sub);
    else {
      logger.warn({ client: client?.id, topic: sub.topic }, d.reason);
      // A null subscription is granted QoS 128 (failure) in the SUBACK; the client stays connected.
      done(null, null as unknown as typeof sub);
    }
  };
}

/** Binds a server, turning EADDRINUSE into PORT_IN_USE naming the flag to change. */
function listen(
  server: Server | HttpServer,
  port: number,
  host: string,
  what: string,
  flag: string,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE')
        reject(
          new XinzhiError(
            'PORT_IN_USE',
            `${what} port ${port} on ${host} is already in use (another broker, e.g. Mosquitto?); choose another with ${flag} or turn the embedded broker off with --no-mqtt`,
            { field: flag, context: { port, host }, cause: err },
          ),
        );
      else reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
