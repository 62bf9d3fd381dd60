import { client, ok } from '../../api/client.js';
import { useApi } from '../../lib/use-api.js';

/** One run, polled every 2 s while it is running so its curves grow live. */
export function useRun(id: string | undefined) {
  const load = (signal: AbortSignal) =>
    ok(client.GET('/api/v1/runs/{id}', { params: { path: { id: id ?? '' } }, signal }));
  const first = useApi(id === undefined ? null : `runs/${id}`, load);
  const live = useApi(id !== undefined && first.data?.status === 'running' ? `runs/${id}` : null, load, 2000);
  return live.data ?? first.data;
}
