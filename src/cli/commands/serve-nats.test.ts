import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.fixture.js';

afterEach(() => {
  process.exitCode = 0;
});

const serve = (...flags: string[]) =>
  runCli(['serve', '--port', '0', '--no-mqtt', '--db', ':memory:', ...flags]);

/** A loopback port nothing listens on. */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('xinzhi serve --nats-*', () => {
  it('refuses a bad NATS URL, stream, subject, durable name or node id, naming the flag, before starting', async () => {
    const url = ['--nats-url', 'nats://127.0.0.1:4222'];
    for (const flags of [
      ['--nats-url', 'http://127.0.0.1:4222'],
      ['--nats-url', 'not a url'],
      ['--nats-url', 'nats://'],
      [...url, '--nats-stream', 'a.b'],
      [...url, '--nats-stream', ''],
      [...url, '--nats-stream', 'x'.repeat(65)],
      [...url, '--nats-subject', 'xinzhi..v1'],
      [...url, '--nats-subject', 'xinzhi.>.v1'],
      [...url, '--nats-subject', ''],
      [...url, '--nats-subject', 'a b'],
      [...url, '--nats-durable', 'two words'],
      [...url, '--node-id', 'two words'],
      [...url, '--node-id', 'x'.repeat(129)],
      ['--node-id', ''],
    ]) {
      const r = await serve(...flags, '--json');
      expect(r.code, flags.join(' ')).toBe(2);
      const flag = flags[flags.length - 2] ?? '';
      expect(JSON.parse(r.out).error.field, flags.join(' ')).toBe(flag);
    }
  });

  it('fails to start, saying so, when NATS is not reachable', async () => {
    const r = await serve('--nats-url', `nats://127.0.0.1:${await closedPort()}`);
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot connect to NATS at nats://127.0.0.1:');
  });

  it('takes the URL from XINZHI_NATS_URL (a password stays out of the process list), never printing the password', async () => {
    const port = await closedPort();
    process.env['XINZHI_NATS_URL'] = `nats://ingest:s3cret@127.0.0.1:${port}`;
    try {
      const r = await serve();
      expect(r.code).toBe(1);
      expect(r.err).toContain(`cannot connect to NATS at nats://ingest:***@127.0.0.1:${port}`);
      expect(r.err + r.out).not.toContain('s3cret');
      process.env['XINZHI_NATS_URL'] = 'http://127.0.0.1:4222';
      const bad = await serve('--json');
      expect(bad.code).toBe(2);
      expect(JSON.parse(bad.out).error.field).toBe('--nats-url');
    } finally {
      delete process.env['XINZHI_NATS_URL'];
    }
  });
});
