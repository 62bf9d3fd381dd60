/**
 * A small client for a running xinzhi server's HTTP API, for the commands whose state lives in the
 * server process (live control loops). Errors come back as problem+json and are turned into the
 * same XinzhiError codes (and so exit codes) the API sent.
 */
import { toErrorCode, XinzhiError } from '../core/index.js';

export const DEFAULT_API_URL = 'http://127.0.0.1:8080';

export interface ApiTarget {
  /** Server base URL (`--url`, else `$XINZHI_URL`, else http://127.0.0.1:8080). */
  readonly url: string;
  /** API key (`--key`, else `$XINZHI_API_KEY`); none for a server started with auth off. */
  readonly key?: string | undefined;
}

/** The server and key from the flags and environment, the URL checked. */
export function apiTarget(
  opts: { url?: string | undefined; key?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): ApiTarget {
  const url = opts.url ?? env['XINZHI_URL'] ?? DEFAULT_API_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new XinzhiError('BAD_INPUT', `--url ${url}: not a URL like http://127.0.0.1:8080`, {
      field: '--url',
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new XinzhiError('BAD_INPUT', `--url ${url}: only http:// and https:// servers`, { field: '--url' });
  const key = opts.key ?? env['XINZHI_API_KEY'];
  return { url: parsed.origin + parsed.pathname.replace(/\/+$/, ''), ...(key ? { key } : {}) };
}

/**
 * Calls `/api/v1<path>` and returns the parsed JSON body (undefined for 204). A refused
 * connection is UNAVAILABLE naming the URL; a problem response becomes its code and detail.
 */
export async function apiCall<T>(
  target: ApiTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const url = `${target.url}/api/v1${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(target.key ? { authorization: `Bearer ${target.key}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new XinzhiError(
      'UNAVAILABLE',
      `no xinzhi server answers at ${target.url} (${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}); start one with \`xinzhi serve\` or give --url`,
      { field: '--url', cause: e },
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const p = (json ?? {}) as { code?: string; detail?: string; title?: string; field?: string };
    const code = toErrorCode(p.code, res.status);
    const hint = res.status === 401 && !target.key ? ' (give --key or set $XINZHI_API_KEY)' : '';
    throw new XinzhiError(code, `${p.detail ?? p.title ?? `HTTP ${res.status}`}${hint}`, {
      ...(p.field === undefined ? {} : { field: p.field }),
    });
  }
  if (json === undefined && text !== '')
    throw new XinzhiError('INTERNAL', `${url} answered ${res.status} with something that is not JSON`);
  return json as T;
}
