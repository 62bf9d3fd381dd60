import { useCallback, useState } from 'react';

export interface ActionState<K> {
  /** What is running: the key given to `run`, `true` without one; `undefined` when idle. */
  readonly busy: K | true | undefined;
  readonly error: Error | undefined;
  /**
   * Runs `call` (a request that changes something): marks it busy, clears the last error, keeps a
   * failure as `error` instead of throwing, and resolves to the answer or `undefined` on failure.
   */
  run<T>(call: () => Promise<T>, key?: K): Promise<T | undefined>;
  /** Show an error that did not come from a request (e.g. a form check). */
  fail(error: Error | string): void;
  clear(): void;
}

/** The dashboard's one way to run an action and show its error (with `ErrorBox`). */
export function useAction<K = string>(): ActionState<K> {
  const [busy, setBusy] = useState<K | true>();
  const [error, setError] = useState<Error>();
  const run = useCallback(async <T>(call: () => Promise<T>, key?: K): Promise<T | undefined> => {
    setBusy(key ?? true);
    setError(undefined);
    try {
      return await call();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      return undefined;
    } finally {
      setBusy(undefined);
    }
  }, []);
  const fail = useCallback((e: Error | string) => setError(typeof e === 'string' ? new Error(e) : e), []);
  const clear = useCallback(() => setError(undefined), []);
  return { busy, error, run, fail, clear };
}
