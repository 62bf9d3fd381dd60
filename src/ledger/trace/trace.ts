/**
 * Trace a lot or item through the partners' events on the ledger: catches the trace index up with
 * the log, walks it (trace-walk.ts) and attaches to each event its inclusion proof against the
 * latest signed checkpoint, so every hop can be checked offline against the log key.
 */
import { XinzhiError } from '../../core/index.js';
import type { LedgerStore } from '../../store/ledger-store.js';
import { toHex } from '../merkle/hash.js';
import { inclusionPlan } from '../merkle/proof-plan.js';
import type { TreeReader } from '../merkle/tree-reader.js';
import { MAX_KEY_LENGTH, traceKey } from './roles.js';
import { catchUpTraceIndex } from './trace-index.js';
import type { TraceDirection, TraceResult } from './trace-types.js';
import { TRACE_MAX_EVENTS, walkTrace } from './trace-walk.js';

/** The parts of a `Ledger` a trace reads. */
export interface TraceLedger {
  readonly store: LedgerStore;
  readonly reader: TreeReader;
  logPublicKey(): string;
}

export interface TraceOptions {
  readonly direction: TraceDirection;
  /** UTC ms; events after it are left out. */
  readonly at?: number;
  /** Default 10 000 events; at most 100 000. */
  readonly maxEvents?: number;
  /** Attach inclusion proofs (default true). */
  readonly proofs?: boolean;
}

/** Identifiers one trace may start from. */
export const MAX_TRACE_STARTS = 100;

/** Checks and normalises the starting identifiers; BAD_INPUT names the bad one. */
export function traceStarts(ids: readonly unknown[]): string[] {
  if (ids.length === 0) throw new XinzhiError('BAD_INPUT', 'name an EPC or lot to trace', { field: 'id' });
  if (ids.length > MAX_TRACE_STARTS)
    throw new XinzhiError(
      'BAD_INPUT',
      `at most ${MAX_TRACE_STARTS} identifiers per trace, got ${ids.length}`,
      {
        field: 'id',
      },
    );
  return ids.map((id, i) => {
    if (typeof id !== 'string' || id.trim().length === 0)
      throw new XinzhiError('BAD_INPUT', `identifier ${i + 1} is empty`, { field: `id.${i}` });
    if (id.length > MAX_KEY_LENGTH || /[\s\u0000-\u001f]/.test(id.trim()))
      throw new XinzhiError(
        'BAD_INPUT',
        `identifier ${i + 1} is not an EPC, lot or Digital Link (longer than ${MAX_KEY_LENGTH} characters or has spaces or control characters)`,
        { field: `id.${i}` },
      );
    return traceKey(id);
  });
}

/**
 * Forward or backward trace from `ids` (EPC URNs, LGTIN lot classes, SSCCs or GS1 Digital Links).
 *
 * @example
 * const t = await traceLot(ledger, ['urn:epc:class:lgtin:4012345.012345.L42'], { direction: 'forward' });
 * t.nodes.filter((n) => n.role !== 'carrier').map((n) => [n.id, n.holder?.org]);
 */
export async function traceLot(
  ledger: TraceLedger,
  ids: readonly unknown[],
  options: TraceOptions,
): Promise<TraceResult> {
  const start = traceStarts(ids);
  if (options.at !== undefined && !Number.isFinite(options.at))
    throw new XinzhiError('BAD_INPUT', 'at is not a time', { field: 'at' });
  const maxEvents = Math.min(options.maxEvents ?? TRACE_MAX_EVENTS, 100_000);
  const store = ledger.store;
  await catchUpTraceIndex(store);
  const result = await walkTrace(
    { links: (keys) => store.traceLinks(keys), entriesAt: (ix) => store.entriesAt(ix) },
    start,
    { direction: options.direction, ...(options.at === undefined ? {} : { at: options.at }), maxEvents },
  );
  if (options.proofs === false) return result;
  const cp = await store.latestCheckpoint();
  if (!cp) return result;
  result.checkpoint = { size: cp.size, note: cp.note, public_key: ledger.logPublicKey() };
  for (const hop of result.hops) {
    if (hop.index >= cp.size) continue;
    const path = await ledger.reader.elements(inclusionPlan(hop.index, cp.size));
    hop.proof = { tree_size: cp.size, proof: path.map(toHex) };
  }
  return result;
}
