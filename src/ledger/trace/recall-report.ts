/**
 * The recall report: from a forward trace of an input lot, every shipment that carried something
 * made from it (or the lot itself) to a party, with what and how much. A shipment is an event of
 * the trace with a `destinationList`; a container shipped counts as what it carried of the trace
 * (the quantities of the traced lots packed onto it, through nested containers).
 */
import { type CsvValue, toCsv } from '../../core/index.js';
import type { TraceEdge, TraceHop, TraceParty, TraceResult } from './trace-types.js';

export interface RecallRow {
  readonly customer: string;
  readonly customer_type: string;
  readonly shipped_by: string;
  readonly shipped_at: string;
  readonly location: string | null;
  /** The lot or item shipped (for a container, what it carried). */
  readonly id: string;
  /** The container it travelled in, when shipped in one. */
  readonly via: string | null;
  readonly quantity: number | null;
  readonly uom: string | null;
  readonly event_index: number;
  readonly event_id: string;
  readonly biz_transactions: string;
}

export const RECALL_COLUMNS = [
  'customer',
  'customer_type',
  'shipped_by',
  'shipped_at',
  'location',
  'id',
  'via',
  'quantity',
  'uom',
  'event_index',
  'event_id',
  'biz_transactions',
] as const;

/** Owning party first (who bought it), then who holds it, then where it went. */
const PARTY_ORDER = ['owning_party', 'possessing_party', 'location'];

function customerOf(destinations: readonly TraceParty[]): TraceParty | undefined {
  for (const t of PARTY_ORDER) {
    const d = destinations.find((x) => x.type === t || x.type.endsWith(`/${t}`));
    if (d) return d;
  }
  return destinations[0];
}

interface Content {
  readonly id: string;
  readonly quantity: number | null;
  readonly uom: string | null;
}

/** What a container carried of the trace at `index` (packed before then), through nested containers. */
function contents(
  container: string,
  index: number,
  packedInto: Map<string, TraceEdge[]>,
  carriers: Set<string>,
  depth = 0,
): Content[] {
  if (depth > 16) return [];
  const out: Content[] = [];
  for (const e of packedInto.get(container) ?? []) {
    if (e.index > index) continue;
    if (carriers.has(e.from)) out.push(...contents(e.from, index, packedInto, carriers, depth + 1));
    else out.push({ id: e.from, quantity: e.quantity, uom: e.uom });
  }
  return out;
}

/** The rows of the report, one per shipment and thing shipped, in shipment order. */
export function recallRows(trace: TraceResult): RecallRow[] {
  const carriers = new Set(trace.nodes.filter((n) => n.role === 'carrier').map((n) => n.id));
  const packedInto = new Map<string, TraceEdge[]>();
  for (const e of trace.edges)
    if (e.kind === 'packed') packedInto.set(e.to, [...(packedInto.get(e.to) ?? []), e]);
  const rows: RecallRow[] = [];
  const add = (h: TraceHop, customer: TraceParty, c: Content, via: string | null) =>
    rows.push({
      customer: customer.id,
      customer_type: customer.type,
      shipped_by: h.org,
      shipped_at: h.time,
      location: h.location,
      id: c.id,
      via,
      quantity: c.quantity,
      uom: c.uom,
      event_index: h.index,
      event_id: h.event_id,
      biz_transactions: h.biz_transactions.join(' '),
    });
  for (const h of trace.hops) {
    // A TransactionEvent only links a shipment to its documents; the ObjectEvent is the shipment.
    if (h.destinations.length === 0 || h.event_type === 'TransactionEvent') continue;
    const customer = customerOf(h.destinations)!;
    for (const k of h.keys) {
      if (carriers.has(k)) {
        for (const c of contents(k, h.index, packedInto, carriers)) add(h, customer, c, k);
        continue;
      }
      const q = h.quantities.find((x) => x.key === k);
      add(h, customer, { id: k, quantity: q ? q.quantity : 1, uom: q ? q.uom : null }, null);
    }
  }
  return rows;
}

/** The report as CSV (RFC 4180, formula-like cells neutralised). */
export function recallCsv(trace: TraceResult): string {
  const rows = recallRows(trace);
  return toCsv([[...RECALL_COLUMNS], ...rows.map((r) => RECALL_COLUMNS.map((c) => r[c] as CsvValue))]);
}
