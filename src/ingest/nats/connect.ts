/**
 * Opening a NATS connection from a `--nats-url`: credentials in the URL go to the login fields and
 * never into logs or errors, and the connection reconnects forever (a node outlives NATS restarts).
 * Shared by the stream consumer and the server's cluster connection (live bus, leases).
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { XinzhiError } from '../../core/index.js';

/** Hides a password in a NATS URL for logs and errors. */
export const redactUrl = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** Connection options from a URL; credentials go to `user`/`pass`, never into logs. */
export function connectionOf(url: string): { servers: string; user?: string; pass?: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new XinzhiError('BAD_INPUT', `'${redactUrl(url)}' is not a URL like nats://127.0.0.1:4222`, {
      field: '--nats-url',
    });
  }
  if (!['nats:', 'tls:'].includes(u.protocol) || u.hostname === '')
    throw new XinzhiError('BAD_INPUT', `'${redactUrl(url)}' must be nats://host:port or tls://host:port`, {
      field: '--nats-url',
    });
  const servers = `${u.protocol}//${u.host}`;
  return {
    servers,
    ...(u.username ? { user: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { pass: decodeURIComponent(u.password) } : {}),
  };
}

/** Connects, failing with `NATS_UNREACHABLE` (naming `--nats-url`) when the server cannot be reached. */
export async function connectNats(
  url: string,
  options: { name: string; timeoutMs?: number },
): Promise<NatsConnection> {
  const conn = connectionOf(url);
  try {
    return await connect({
      ...conn,
      name: options.name,
      timeout: options.timeoutMs ?? 10_000,
      maxReconnectAttempts: -1,
    });
  } catch (e) {
    throw new XinzhiError('NATS_UNREACHABLE', `cannot connect to NATS at ${redactUrl(url)}`, {
      field: '--nats-url',
      cause: e,
    });
  }
}
