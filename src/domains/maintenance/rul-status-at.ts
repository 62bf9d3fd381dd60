/**
 * Remaining useful life as of a moment, from the store alone: the stored mappings, the stored points
 * and the registered models, run through the same feed the server runs (`createRulFeed`), with no
 * live bus, no events appended and the history replayed up to `asOf`. For data stored up to `asOf`
 * the figures are those `GET /api/v1/rul/status` answers after the server (re)started on that data;
 * a report uses it for its period's end.
 */
import { silentLogger } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { createRulFeed, type RulAssetStatus } from './rul-feed.js';

export interface RulStatusAtOptions {
  /** History replayed before `asOf`; the server's default (24 h) unless given. */
  readonly warmupMs?: number;
}

/**
 * @example const rows = await rulStatusAt(store, Date.parse('2026-06-01T06:00:00Z'));
 */
export async function rulStatusAt(
  store: Store,
  asOf: number,
  options: RulStatusAtOptions = {},
): Promise<RulAssetStatus[]> {
  const feed = createRulFeed({
    store,
    bus: { onPoints: () => () => {} },
    logger: silentLogger,
    writesEvents: () => false,
    asOf,
    ...(options.warmupMs === undefined ? {} : { warmupMs: options.warmupMs }),
  });
  try {
    await feed.start();
    await feed.idle();
    return feed.status();
  } finally {
    await feed.close();
  }
}
