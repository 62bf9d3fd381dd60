/**
 * Camera frames published as a URL instead of bytes: a camera that keeps its frame on its own web
 * server publishes `http://<its address>/frame.jpg` on `…/<asset>/image`, and the broker fetches
 * it. The URL comes from a device, so it is hostile: this is a server-side request on a device's
 * behalf, and without limits it would let any camera make the server read internal services
 * (SSRF), hang on a slow server, or pull gigabytes. So:
 *
 * - only `http:` and `https:`;
 * - the URL's host must be the publishing connection's own remote address (an IP literal equal to
 *   it, or a name that resolves to it — the connection is then pinned to that address, so a DNS
 *   answer that changes between the check and the connect cannot point elsewhere);
 * - no redirect is followed (a 3xx is a refusal: it could point anywhere);
 * - one deadline covers connect and read; the body is cut off past `maxBytes`;
 * - the body must sniff as JPEG or PNG, as binary payloads are;
 * - one fetch at a time per device address (a second URL while one is running is refused).
 *
 * Written on `node:http`/`node:https` rather than `fetch` (undici) because the latter gives no
 * handle on the connected address to pin, and these checks are the point of the module. Every
 * refusal is a `FrameUrlError` whose message names the reason; the broker quarantines it.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

export type FrameUrlRefusal =
  | 'scheme'
  | 'url'
  | 'host-mismatch'
  | 'busy'
  | 'redirect'
  | 'status'
  | 'timeout'
  | 'too-big'
  | 'not-an-image'
  | 'network';

export class FrameUrlError extends Error {
  constructor(
    readonly refusal: FrameUrlRefusal,
    message: string,
  ) {
    super(`image URL refused (${refusal}): ${message}`);
    this.name = 'FrameUrlError';
  }
}

export interface FrameUrlOptions {
  /** Largest frame accepted, in bytes (the image upload limit). */
  readonly maxBytes: number;
  /** One deadline for connecting and reading the whole frame. Default 5 s. */
  readonly timeoutMs?: number;
}

/** Longest payload taken for a URL; anything longer is read as bytes. */
const MAX_URL_CHARS = 2048;

/**
 * The URL text of a payload that looks like one (`scheme://…`, printable ASCII, short), or
 * undefined: such a payload is fetched, anything else is treated as image bytes.
 */
export function frameUrlOf(payload: Uint8Array): string | undefined {
  if (payload.length < 4 || payload.length > MAX_URL_CHARS) return undefined;
  const text = Buffer.from(payload).toString('latin1').trim();
  // A URL is printable ASCII; image bytes never are for long.
  if (!/^[\x21-\x7e]+$/.test(text)) return undefined;
  return /^[a-z][a-z0-9+.-]{0,15}:\/\//i.test(text) ? text : undefined;
}

/** `::ffff:10.0.0.5` and `10.0.0.5` are the same peer; IPv6 literals lose their brackets. */
export function normaliseAddress(a: string): string {
  const s = a.replace(/^\[|\]$/g, '').toLowerCase();
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  return m ? m[1]! : s;
}

const sniff = (b: Uint8Array): boolean =>
  (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) ||
  (b.length >= 8 &&
    b[0] === 0x89 &&
    b[1] === 0x50 &&
    b[2] === 0x4e &&
    b[3] === 0x47 &&
    b[4] === 0x0d &&
    b[5] === 0x0a &&
    b[6] === 0x1a &&
    b[7] === 0x0a);

/** Fetches frames for devices, at most one at a time per device address. */
export interface FrameFetcher {
  fetch(url: string, remoteAddress: string | undefined): Promise<Uint8Array>;
}

export function createFrameFetcher(options: FrameUrlOptions): FrameFetcher {
  const running = new Set<string>();
  return {
    async fetch(url, remoteAddress) {
      if (!remoteAddress)
        throw new FrameUrlError('host-mismatch', 'the publishing connection has no known address');
      const peer = normaliseAddress(remoteAddress);
      if (running.has(peer))
        throw new FrameUrlError('busy', `a frame fetch from ${peer} is still running (one at a time)`);
      running.add(peer);
      try {
        return await fetchFrame(url, peer, options);
      } finally {
        running.delete(peer);
      }
    },
  };
}

/** A lookup that answers only with `peer`, and only if `hostname` resolves to it. */
function pinnedLookup(peer: string): LookupFunction {
  return (hostname, opts, callback) => {
    dnsLookup(hostname, { all: true }, (err, addresses: LookupAddress[]) => {
      const cb = callback as (
        e: NodeJS.ErrnoException | null,
        a: string | LookupAddress[],
        f?: number,
      ) => void;
      if (err) {
        cb(err, '', 4);
        return;
      }
      const hit = addresses.find((x) => normaliseAddress(x.address) === peer);
      if (!hit) {
        cb(
          Object.assign(new Error(`host '${hostname}' does not resolve to the device's address ${peer}`), {
            code: 'XINZHI_HOST_MISMATCH',
          }),
          '',
          4,
        );
        return;
      }
      if ((opts as { all?: boolean }).all) cb(null, [{ address: hit.address, family: hit.family }]);
      else cb(null, hit.address, hit.family);
    });
  };
}

async function fetchFrame(raw: string, peer: string, options: FrameUrlOptions): Promise<Uint8Array> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FrameUrlError('url', `'${raw.slice(0, 200)}' is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FrameUrlError('scheme', `only http and https URLs are fetched, not '${url.protocol}'`);
  if (url.username || url.password) throw new FrameUrlError('url', 'credentials in the URL are not accepted');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && normaliseAddress(host) !== peer)
    throw new FrameUrlError(
      'host-mismatch',
      `host ${host} is not the publishing device's address ${peer} (a URL must be on the camera's own host)`,
    );
  const timeoutMs = options.timeoutMs ?? 5000;
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Uint8Array>((resolve, reject) => {
    let settled = false;
    const fail = (e: FrameUrlError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(e);
    };
    const req = request(url, {
      method: 'GET',
      // Pinned for names; an IP literal (already checked) needs no lookup.
      ...(isIP(host) === 0 ? { lookup: pinnedLookup(peer) } : {}),
      headers: { accept: 'image/jpeg, image/png', 'user-agent': 'xinzhi-frame-fetch' },
      agent: false,
    });
    const timer = setTimeout(
      () => fail(new FrameUrlError('timeout', `no whole frame from ${url.host} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'XINZHI_HOST_MISMATCH') fail(new FrameUrlError('host-mismatch', err.message));
      else fail(new FrameUrlError('network', `${url.host}: ${err.message}`));
    });
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        fail(new FrameUrlError('redirect', `${url.host} answered ${status}; redirects are not followed`));
        return;
      }
      if (status !== 200) {
        res.resume();
        fail(new FrameUrlError('status', `${url.host} answered ${status}`));
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > options.maxBytes) {
        fail(
          new FrameUrlError('too-big', `frame of ${declared} bytes is over the limit of ${options.maxBytes}`),
        );
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > options.maxBytes) {
          fail(new FrameUrlError('too-big', `frame is over the limit of ${options.maxBytes} bytes`));
          return;
        }
        chunks.push(c);
        // Sniff as soon as the first bytes are in: a server streaming something else is cut off.
        if (chunks.length === 1 && size >= 8 && !sniff(c))
          fail(
            new FrameUrlError(
              'not-an-image',
              `${url.pathname} is not a JPEG or PNG (unrecognised first bytes)`,
            ),
          );
      });
      res.on('error', (err) => fail(new FrameUrlError('network', `${url.host}: ${err.message}`)));
      res.on('end', () => {
        if (settled) return;
        const body = Buffer.concat(chunks, size);
        if (!sniff(body)) {
          fail(
            new FrameUrlError(
              'not-an-image',
              `${url.pathname} is not a JPEG or PNG (unrecognised first bytes)`,
            ),
          );
          return;
        }
        settled = true;
        clearTimeout(timer);
        resolve(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
      });
    });
    req.end();
  });
}
