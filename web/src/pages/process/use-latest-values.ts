/**
 * The newest value of each series: the latest point read once, then live points batched into one
 * render per second. `now` ticks with the batches, so staleness is judged without extra timers.
 */
import { useEffect, useState } from 'react';
import { client, ok } from '../../api/client.js';
import { subscribePoints } from '../../api/live.js';

export type Values = Map<string, { ts: number; value: number }>;

export function useLatestValues(ids: readonly string[]): { values: Values; now: number } {
  const [values, setValues] = useState<Values>(new Map());
  const [now, setNow] = useState(Date.now());
  const key = ids.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for ids
  useEffect(() => {
    if (ids.length === 0) return;
    let pending: Values | undefined;
    ok(client.GET('/api/v1/points/latest', { params: { query: { series: ids.join(',') } } }))
      .then((r) =>
        setValues((old) => {
          const m = new Map(old);
          for (const p of r.latest)
            if ((m.get(p.series)?.ts ?? 0) < p.ts) m.set(p.series, { ts: p.ts, value: p.value });
          return m;
        }),
      )
      .catch(() => undefined);
    const off = subscribePoints(ids, (sid, pts) => {
      const last = pts[pts.length - 1];
      if (!last) return;
      pending ??= new Map();
      pending.set(sid, { ts: last.ts, value: last.value });
    });
    const timer = setInterval(() => {
      setNow(Date.now());
      if (!pending) return;
      const batch = pending;
      pending = undefined;
      setValues((old) => {
        const m = new Map(old);
        for (const [k, v] of batch) if ((m.get(k)?.ts ?? 0) <= v.ts) m.set(k, v);
        return m;
      });
    }, 1000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [key]);
  return { values, now };
}
