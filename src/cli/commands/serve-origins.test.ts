import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.fixture.js';

afterEach(() => {
  process.exitCode = 0;
});

const serve = (...flags: string[]) =>
  runCli(['serve', '--port', '0', '--mqtt-port', '0', '--db', ':memory:', ...flags]);

describe('xinzhi serve origin flags', () => {
  it('refuses an origin that is not scheme://host[:port], naming the flag, before listening', async () => {
    for (const [flag, value] of [
      ['--allowed-origin', 'hmi.example'],
      ['--allowed-origin', 'https://hmi.example/path'],
      ['--mqtt-ws-origin', 'ftp://hmi.example'],
      ['--mqtt-ws-origin', 'null'],
    ] as const) {
      const r = await serve(flag, value);
      expect(r.code, `${flag} ${value}`).toBe(2);
      expect(r.err).toContain(flag);
      expect(r.err).toContain(value);
    }
  });
});
