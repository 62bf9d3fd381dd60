import { client, ok } from '../../api/client.js';

/** The newest checkpoint: the log's origin and public key, shared by the page and the verifier. */
export const latestCheckpoint = (signal: AbortSignal) =>
  ok(client.GET('/api/v1/ledger/checkpoints', { params: { query: { limit: 1 } }, signal }));
