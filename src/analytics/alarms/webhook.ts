/**
 * Webhook notification: POSTs each alarm transition as JSON, retrying network errors, 429 and 5xx
 * with exponential back-off; other 4xx answers are final (the receiver rejected the payload).
 *
 * Redirects are not followed: a 307/308 would re-POST the alarm to wherever the receiver points,
 * including hosts inside the plant network the configured URL was never meant to reach. A 3xx is a
 * final delivery failure naming the status and the Location, so the operator fixes the URL.
 */
import type { Transition } from './alarm.js';

export interface WebhookOptions {
  readonly url: string;
  /** Attempts after the first. Default 3. */
  readonly retries?: number;
  /** First back-off; doubles each retry. Default 250 ms. */
  readonly backoffMs?: number;
  /** Per-request timeout. Default 5000 ms. */
  readonly timeoutMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface Delivery {
  readonly ok: boolean;
  readonly attempts: number;
  readonly status: number | null;
  readonly error: string | null;
}

export function createWebhookNotifier(o: WebhookOptions): (t: Transition) => Promise<Delivery> {
  const doFetch = o.fetch ?? fetch;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const retries = o.retries ?? 3;
  return async (t) => {
    const body = JSON.stringify({ type: `alarm.${t.kind}`, alarm: t.alarm });
    let status: number | null = null;
    let error: string | null = null;
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      try {
        const res = await doFetch(o.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...o.headers },
          body,
          signal: AbortSignal.timeout(o.timeoutMs ?? 5000),
          redirect: 'manual',
        });
        status = res.status;
        // The answer's body is never needed; dropping it bounds memory whatever the receiver sends.
        await res.body?.cancel().catch(() => undefined);
        if (res.ok) return { ok: true, attempts: attempt, status, error: null };
        if (res.status >= 300 && res.status < 400) {
          const to = res.headers.get('location');
          error = `HTTP ${res.status} redirect${to ? ` to ${to}` : ''} not followed; configure the final URL`;
          return { ok: false, attempts: attempt, status, error };
        }
        error = `HTTP ${res.status}`;
        if (res.status < 500 && res.status !== 429) return { ok: false, attempts: attempt, status, error };
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        status = null;
      }
      if (attempt <= retries) await sleep((o.backoffMs ?? 250) * 2 ** (attempt - 1));
    }
    return { ok: false, attempts: retries + 1, status, error };
  };
}
