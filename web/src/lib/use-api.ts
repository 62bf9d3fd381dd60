import { useCallback, useEffect, useRef, useState } from 'react';

export interface ApiState<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Runs `load` (a typed call, e.g. `(signal) => ok(client.GET('/api/v1/overview', { signal }))`)
 * whenever `key` changes and again every `refreshMs` when given; a `null` key loads nothing. The
 * key names what is loaded (the path with its parameters), so a changed parameter refetches.
 * Keeps the previous data while a refetch runs, so pages do not flicker.
 */
export function useApi<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  refreshMs?: number,
): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(key !== null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const latest = useRef(load);
  latest.current = load;
  const reload = useCallback(() => setTick((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick forces a refetch
  useEffect(() => {
    if (key === null) {
      setData(undefined);
      setLoading(false);
      return;
    }
    const my = ++seq.current;
    const ctrl = new AbortController();
    setLoading(true);
    latest
      .current(ctrl.signal)
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
  }, [key, refreshMs, tick, reload]);

  return { data, error, loading, reload };
}
