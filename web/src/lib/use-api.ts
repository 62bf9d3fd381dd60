import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.js';

export interface ApiState<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Fetches `path` (relative to /api/v1) and refetches it every `refreshMs` when given; `null`
 * fetches nothing. Keeps the previous data while a refetch runs, so pages do not flicker.
 */
export function useApi<T>(path: string | null, refreshMs?: number): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick forces a refetch
  useEffect(() => {
    if (path === null) {
      setData(undefined);
      setLoading(false);
      return;
    }
    const my = ++seq.current;
    const ctrl = new AbortController();
    setLoading(true);
    api<T>(path, { signal: ctrl.signal })
      .then((d) => {
        if (my !== seq.current) return;
        setData(d);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (my !== seq.current || ctrl.signal.aborted) return;
        setError(e instanceof Error ? e : new Error(String(e)));
      })
      .finally(() => {
        if (my === seq.current) setLoading(false);
      });
    const timer = refreshMs ? setTimeout(reload, refreshMs) : undefined;
    return () => {
      ctrl.abort();
      if (timer) clearTimeout(timer);
    };
  }, [path, refreshMs, tick, reload]);

  return { data, error, loading, reload };
}
