import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FrameServer, startFrameServer } from './frame-url.fixture.js';
import { createFrameFetcher, FrameUrlError, frameUrlOf, normaliseAddress } from './frame-url.js';

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 0xff, 0xd9]);
let srv: FrameServer;
beforeEach(async () => {
  srv = await startFrameServer(JPEG, 256 * 1024);
});
afterEach(async () => srv.close());

const refusal = async (p: Promise<unknown>): Promise<string> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(FrameUrlError);
  return (e as FrameUrlError).refusal;
};

describe('frameUrlOf', () => {
  it('takes short printable scheme:// text as a URL and anything else as bytes', () => {
    const t = (s: string) => frameUrlOf(Buffer.from(s));
    expect(t('http://10.0.0.5/f.jpg')).toBe('http://10.0.0.5/f.jpg');
    expect(t(' https://cam/x.png\n')).toBe('https://cam/x.png');
    expect(t('file:///etc/passwd')).toBe('file:///etc/passwd');
    expect(t('{"value": 5}')).toBeUndefined();
    expect(frameUrlOf(JPEG)).toBeUndefined();
    expect(t(`http://x/${'a'.repeat(3000)}`)).toBeUndefined();
  });
  it('normalises IPv4-mapped IPv6 and brackets', () => {
    expect(normaliseAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseAddress('[::1]')).toBe('::1');
  });
});

describe('createFrameFetcher', () => {
  const fetcher = () => createFrameFetcher({ maxBytes: 64 * 1024, timeoutMs: 800 });

  it('fetches a JPEG from the device its own address, by IP or by a name resolving to it', async () => {
    const f = fetcher();
    expect([...(await f.fetch(`${srv.base}/frame.jpg`, '::ffff:127.0.0.1'))]).toEqual([...JPEG]);
    expect([...(await f.fetch(`http://localhost:${srv.port}/frame.jpg`, '127.0.0.1'))]).toEqual([...JPEG]);
  });

  it('refuses other hosts, schemes, redirects, timeouts, oversize and non-images', async () => {
    const f = fetcher();
    expect(await refusal(f.fetch(`${srv.base}/frame.jpg`, '10.1.2.3'))).toBe('host-mismatch');
    expect(await refusal(f.fetch(`http://localhost:${srv.port}/frame.jpg`, '10.1.2.3'))).toBe(
      'host-mismatch',
    );
    expect(await refusal(f.fetch(`${srv.base}/frame.jpg`, undefined))).toBe('host-mismatch');
    expect(await refusal(f.fetch('file:///etc/passwd', '127.0.0.1'))).toBe('scheme');
    expect(await refusal(f.fetch('ftp://127.0.0.1/x.jpg', '127.0.0.1'))).toBe('scheme');
    expect(await refusal(f.fetch(`http://user:pw@127.0.0.1:${srv.port}/frame.jpg`, '127.0.0.1'))).toBe('url');
    expect(await refusal(f.fetch(`${srv.base}/redirect`, '127.0.0.1'))).toBe('redirect');
    expect(await refusal(f.fetch(`${srv.base}/missing`, '127.0.0.1'))).toBe('status');
    expect(await refusal(f.fetch(`${srv.base}/slow`, '127.0.0.1'))).toBe('timeout');
    expect(await refusal(f.fetch(`${srv.base}/big`, '127.0.0.1'))).toBe('too-big');
    expect(await refusal(f.fetch(`${srv.base}/text`, '127.0.0.1'))).toBe('not-an-image');
  });

  it('runs one fetch at a time per device address', async () => {
    const f = fetcher();
    const slow = f.fetch(`${srv.base}/slow`, '127.0.0.1');
    expect(await refusal(f.fetch(`${srv.base}/frame.jpg`, '::ffff:127.0.0.1'))).toBe('busy');
    expect(await refusal(slow)).toBe('timeout');
    // Free again once the first one ended.
    expect((await f.fetch(`${srv.base}/frame.jpg`, '127.0.0.1')).length).toBe(JPEG.length);
  });
});
