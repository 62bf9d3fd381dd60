/**
 * Keeps the trace index (store migration 11) level with the log. The log is append-only, so the
 * index only ever catches up: entries past the watermark are read in batches, their links written
 * with the new watermark in one transaction. Two processes catching up at once do not duplicate
 * work: the loser's batch is refused by the watermark check and it re-reads the watermark.
 */
import type { LedgerEntryRecord, LedgerStore, TraceLinkRecord } from '../../store/ledger-store.js';
import { eventLinks, eventTimeMs } from './event-links.js';

/** Entries read and indexed per transaction. */
export const TRACE_INDEX_BATCH = 5000;

/** The event inside a stored leaf (the canonical JSON envelope), or undefined when unreadable. */
export function leafEvent(leaf: Buffer): Record<string, unknown> | undefined {
  try {
    const e = JSON.parse(leaf.toString('utf8')) as { event?: unknown };
    return typeof e.event === 'object' && e.event !== null ? (e.event as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The index rows of stored entries; an entry whose event has no readable time is indexed at 0. */
export function linksOfEntries(entries: readonly LedgerEntryRecord[]): TraceLinkRecord[] {
  const out: TraceLinkRecord[] = [];
  for (const r of entries) {
    const event = leafEvent(r.leaf);
    if (!event) continue;
    const t = eventTimeMs(event);
    const time = Number.isFinite(t) ? t : 0;
    const seen = new Set<string>();
    for (const l of eventLinks(event)) {
      const id = `${l.role}\u0000${l.key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ key: l.key, index: r.index, role: l.role, time });
    }
  }
  return out;
}

/**
 * Indexes every entry not yet indexed; returns how many entries the index covers afterwards.
 * `onProgress(done, total)` is called after each batch.
 */
export async function catchUpTraceIndex(
  store: LedgerStore,
  options: { batch?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const batch = Math.max(1, options.batch ?? TRACE_INDEX_BATCH);
  const size = await store.size();
  let from = await store.traceIndexed();
  while (from < size) {
    const to = Math.min(size, from + batch);
    const links = linksOfEntries(await store.entries(from, to));
    if (await store.addTraceLinks(from, to, links)) from = to;
    else from = await store.traceIndexed();
    options.onProgress?.(from, size);
  }
  return from;
}
