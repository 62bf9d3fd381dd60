/**
 * Webhook notification: POSTs each alarm transition as JSON, retrying network errors, 429 and 5xx
 * with exponential back-off; other 4xx answers are final (the receiver rejected the payload).
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
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return { ok: true, attempts: attempt, status, error: null };
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
