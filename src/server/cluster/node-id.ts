/**
 * A node's name in the cluster (lease holders, live bus senders, `GET /api/v1/cluster`):
 * `--node-id`, else `XINZHI_NODE_ID`, else `<hostname>-<pid>` (unique on one machine, readable).
 */
import { hostname } from 'node:os';

export function defaultNodeId(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['XINZHI_NODE_ID']?.trim();
  return fromEnv ? fromEnv : `${hostname()}-${process.pid}`;
}
