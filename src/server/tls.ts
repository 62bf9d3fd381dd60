/**
 * TLS material for HTTPS, MQTTS and WSS. Checked before any port is bound, so a wrong file fails
 * the start with the flag to fix instead of failing each client's handshake later.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { type Logger, XinzhiError } from '../core/index.js';

/** PEM certificate chain (leaf first) and its private key. */
export interface TlsOptions {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

const bad = (field: string, message: string, cause?: unknown): XinzhiError =>
  new XinzhiError('BAD_INPUT', message, { field, ...(cause === undefined ? {} : { cause }) });

/**
 * Checks that the certificate and key load and belong together; warns when the certificate is
 * expired or not yet valid (clients will refuse it, but a renewal may be on its way).
 */
export function checkTls(tls: TlsOptions, logger: Pick<Logger, 'warn'>): TlsOptions {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(tls.cert);
  } catch (e) {
    throw bad('--tls-cert', `the TLS certificate is not a PEM certificate: ${(e as Error).message}`, e);
  }
  try {
    createPrivateKey(tls.key);
  } catch (e) {
    throw bad('--tls-key', `the TLS key is not an unencrypted PEM private key: ${(e as Error).message}`, e);
  }
  try {
    createSecureContext({ cert: tls.cert, key: tls.key });
  } catch (e) {
    throw bad(
      '--tls-key',
      `the TLS key does not belong to the certificate (${leaf.subject.replace(/\n/g, ', ')}): ${(e as Error).message}`,
      e,
    );
  }
  const now = Date.now();
  if (Date.parse(leaf.validTo) < now || Date.parse(leaf.validFrom) > now)
    logger.warn(
      { validFrom: leaf.validFrom, validTo: leaf.validTo },
      'the TLS certificate is outside its validity period; clients will refuse it',
    );
  return tls;
}

/** Reads a PEM file named by a flag, naming the flag when it cannot. */
export function readPemFile(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw bad(flag, `cannot read ${path}: ${(e as Error).message}`, e);
  }
}

/** Warns when a private key file is readable by group or others (it is the server's identity). */
export function warnIfShared(path: string, flag: string, logger: Pick<Logger, 'warn'>): void {
  if (process.platform === 'win32') return;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0)
    logger.warn(
      { path, mode: mode.toString(8) },
      `${flag} ${path} is readable by other users (mode ${mode.toString(8)}); chmod 600 it`,
    );
}
