/**
 * TLS end to end: a self-signed certificate made by the machine's `openssl` in the test; the server
 * answers HTTPS, the embedded broker mqtts and WSS, clients that trust the certificate get through
 * and clients that do not are refused; a second xinzhi subscribes to the first over mqtts with
 * `mqttCa`; a certificate or key that does not load is refused at start naming the flag.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.fixture.js';
import { latestValue, type Running, runServer, until } from './helpers.js';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A self-signed P-256 certificate for 127.0.0.1 and localhost, valid for one day. */
function selfSigned(name: string): { cert: Buffer; key: Buffer; certFile: string; keyFile: string } {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(certFile), key: readFileSync(keyFile), certFile, keyFile };
}

const running: Running[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop();
});

function getText(
  url: string,
  options: { ca?: Buffer } = {},
): Promise<{ status: number; body: string; hsts?: string | undefined }> {
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const req = get(url, options, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      const hsts = res.headers['strict-transport-security'];
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, hsts }));
    });
    req.on('error', reject);
  });
}

describe.skipIf(!hasOpenssl)('TLS: HTTPS, mqtts and WSS with --tls-cert/--tls-key', () => {
  let pki: ReturnType<typeof selfSigned>;
  let other: ReturnType<typeof selfSigned>;
  beforeAll(() => {
    pki = selfSigned('server');
    other = selfSigned('other');
  });

  it('serves HTTPS to a client that trusts the certificate and refuses one that does not', async () => {
    const r = await runServer({ tls: { cert: pki.cert, key: pki.key }, mqttPort: false });
    running.push(r);
    expect(r.handle.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ok = await getText(`${r.handle.url}/api/v1/health`, { ca: pki.cert });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ status: 'ok' });
    // Terminating TLS itself, xinzhi tells browsers to stay on HTTPS.
    expect(ok.hsts).toBe('max-age=31536000; includeSubDomains');
    await expect(getText(`${r.handle.url}/api/v1/health`)).rejects.toThrow(/self[- ]signed/i);
    await expect(getText(`${r.handle.url}/api/v1/health`, { ca: other.cert })).rejects.toThrow();
    // No plaintext fallback on the TLS port.
    await expect(getText(r.handle.url.replace('https:', 'http:') + '/api/v1/health')).rejects.toThrow();
  });

  it('the embedded broker speaks mqtts and WSS; readings published over TLS are stored', async () => {
    const r = await runServer({ tls: { cert: pki.cert, key: pki.key }, mqttWsPort: 0 });
    running.push(r);
    const { url, wsUrl } = r.handle.mqtt!;
    expect(url).toMatch(/^mqtts:\/\//);
    expect(wsUrl).toMatch(/^wss:\/\/.*\/mqtt$/);

    const tcp = await mqtt.connectAsync(url, { ca: pki.cert, reconnectPeriod: 0 });
    await tcp.publishAsync('xinzhi/v1/plant1/press/m1/temp', JSON.stringify({ value: 21.5, unit: 'Cel' }), {
      qos: 1,
    });
    await tcp.endAsync();
    expect(await latestValue(r.store, 'plant1/press/m1/temp')).toBe(21.5);

    const ws = await mqtt.connectAsync(wsUrl!, { ca: pki.cert, reconnectPeriod: 0 });
    await ws.publishAsync('xinzhi/v1/plant1/press/m1/temp', JSON.stringify({ value: 22.5, unit: 'Cel' }), {
      qos: 1,
    });
    await ws.endAsync();
    expect(await latestValue(r.store, 'plant1/press/m1/temp')).toBe(22.5);

    // A client that does not trust the certificate never gets a session.
    await expect(mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000 })).rejects.toThrow(
      /self[- ]signed/i,
    );
  });

  it('a second xinzhi subscribes to the first over mqtts trusting a private CA (mqttCa)', async () => {
    const a = await runServer({ tls: { cert: pki.cert, key: pki.key } });
    running.push(a);
    const b = await runServer({
      mqttPort: false,
      mqttUrl: a.handle.mqtt!.url,
      mqttCa: pki.cert,
      mqttClientId: 'xinzhi-b',
    });
    running.push(b);
    const dev = await mqtt.connectAsync(a.handle.mqtt!.url, { ca: pki.cert, reconnectPeriod: 0 });
    await dev.publishAsync('xinzhi/v1/plant1/press/m2/temp', JSON.stringify({ value: 30, unit: 'Cel' }), {
      qos: 1,
    });
    await dev.endAsync();
    expect(await until(() => latestValue(b.store, 'plant1/press/m2/temp'))).toBe(30);
  });

  it('refuses a certificate or key that does not load, naming the flag', async () => {
    const notPem = Buffer.from('-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n');
    await expect(runServer({ tls: { cert: notPem, key: pki.key } })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      field: '--tls-cert',
    });
    await expect(runServer({ tls: { cert: pki.cert, key: Buffer.from('garbage') } })).rejects.toMatchObject({
      field: '--tls-key',
      message: expect.stringMatching(/not an unencrypted PEM private key/),
    });
    await expect(runServer({ tls: { cert: pki.cert, key: other.key } })).rejects.toMatchObject({
      field: '--tls-key',
      message: expect.stringMatching(/does not belong to the certificate/),
    });
  });

  it('xinzhi serve names a missing --tls-key and an unreadable --tls-cert', async () => {
    const onlyCert = await runCli(['serve', '--db', ':memory:', '--tls-cert', pki.certFile]);
    expect(onlyCert.code).toBe(2);
    expect(onlyCert.err).toMatch(/--tls-key:.*needs both --tls-cert <pem> and --tls-key <pem>/);
    const missing = join(dir, 'nope.pem');
    const unreadable = await runCli([
      'serve',
      '--db',
      ':memory:',
      '--tls-cert',
      missing,
      '--tls-key',
      pki.keyFile,
    ]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.err).toContain(`--tls-cert: cannot read ${missing}`);
    writeFileSync(join(dir, 'bad.pem'), 'not a certificate');
    const bad = await runCli([
      'serve',
      '--db',
      ':memory:',
      '--port',
      '0',
      '--mqtt-port',
      '0',
      '--tls-cert',
      join(dir, 'bad.pem'),
      '--tls-key',
      pki.keyFile,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--tls-cert: the TLS certificate is not a PEM certificate/);
  });
});
