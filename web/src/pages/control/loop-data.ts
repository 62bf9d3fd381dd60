/** The data the control page reads about one loop, polled at the rates a faceplate needs. */
import { client, ok } from '../../api/client.js';
import { useApi } from '../../lib/use-api.js';

/** UCUM codes as people write them on a faceplate. */
const UNIT_LABELS: Record<string, string> = { Cel: '°C', '[degF]': '°F', K: 'K', '%': '%' };
const unitLabel = (u: string | undefined): string => (u === undefined ? '' : (UNIT_LABELS[u] ?? u));

/** The PV unit: the declared unit of the loop's PV series. */
export function usePvUnit(series: string | null): string {
  const s = useApi(series ? `series/${series}` : null, (signal) =>
    ok(client.GET('/api/v1/series/{id}', { params: { path: { id: series ?? '' } }, signal })),
  );
  return unitLabel(s.data?.unit);
}

/** The loop and its trend every second, its audit trail every five. */
export function useLoopData(id: string) {
  const path = { id };
  const loop = useApi(
    `control/loops/${id}`,
    (signal) => ok(client.GET('/api/v1/control/loops/{id}', { params: { path }, signal })),
    1000,
  );
  const history = useApi(
    `control/loops/${id}/history`,
    (signal) =>
      ok(
        client.GET('/api/v1/control/loops/{id}/history', { params: { path, query: { limit: 900 } }, signal }),
      ),
    1000,
  );
  const audit = useApi(
    `control/loops/${id}/audit`,
    (signal) =>
      ok(client.GET('/api/v1/control/loops/{id}/audit', { params: { path, query: { limit: 20 } }, signal })),
    5000,
  );
  return { loop, history, audit };
}
