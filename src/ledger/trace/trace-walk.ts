/**
 * Forward and backward traces over the trace index. Written here rather than taken from a graph
 * library because the graph is never in memory: it is explored from the index one ring of
 * identifiers at a time, and which edges apply depends on each identifier's time window
 * (a lot contaminates a pallet only from the moment it was packed onto it).
 *
 * Forward (where did it go): inputs → outputs of transformations from the event's time on; a child
 * → the container it was packed into (a carrier: its hops are the child's, its other contents are
 * not); a starting container → what it held. Backward (where did it come from): outputs → inputs
 * of the transformations that made them, a container → what was packed into it (its sources),
 * and a child → the container it travelled in until then.
 */
import type { LedgerEntryRecord, TraceLinkRecord } from '../../store/ledger-store.js';
import { type EventLink, eventLinks, eventTimeMs } from './event-links.js';
import { ROLE } from './roles.js';
import { leafEvent } from './trace-index.js';
import type {
  TraceDirection,
  TraceEdge,
  TraceHop,
  TraceNode,
  TraceNodeKind,
  TraceNodeRole,
  TraceParty,
  TraceResult,
} from './trace-types.js';

export interface TraceSource {
  links(keys: readonly string[]): Promise<TraceLinkRecord[]>;
  entriesAt(indexes: readonly number[]): Promise<LedgerEntryRecord[]>;
}

export interface TraceWalkOptions {
  readonly direction: TraceDirection;
  /** UTC ms: events after it are left out (the trace as it stood then). */
  readonly at?: number;
  /** Stop after this many events (the result says `truncated`); default 10 000. */
  readonly maxEvents?: number;
}

export const TRACE_MAX_EVENTS = 10_000;

interface Loaded {
  readonly index: number;
  readonly event: Record<string, unknown>;
  readonly envelope: { org: string; event_id: string };
  readonly links: readonly EventLink[];
  readonly time: number;
  readonly leafHash: string;
}

interface KeyState {
  from: number;
  to: number;
  role: TraceNodeRole;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const idOf = (v: unknown): string | null =>
  typeof v === 'object' && v !== null ? str((v as Obj)['id']) : null;

function parties(v: unknown, field: 'source' | 'destination'): TraceParty[] {
  if (!Array.isArray(v)) return [];
  const out: TraceParty[] = [];
  for (const p of v) {
    if (typeof p !== 'object' || p === null) continue;
    const id = str((p as Obj)[field]);
    if (id) out.push({ type: str((p as Obj)['type']) ?? '', id });
  }
  return out;
}

/** The kind of a normalised identifier, from its GS1 Digital Link path or EPC URN scheme. */
export function nodeKind(key: string): TraceNodeKind {
  if (/\/10\/[^/]+$/.test(key) || key.startsWith('urn:epc:class:lgtin:')) return 'lot';
  if (/\/21\/[^/]+$/.test(key) || key.startsWith('urn:epc:id:sgtin:')) return 'item';
  if (/\/00\/\d+$/.test(key) || key.startsWith('urn:epc:id:sscc:')) return 'container';
  if (/\/01\/\d+$/.test(key)) return 'class';
  return 'other';
}

const isAddOrObserve = (e: Obj): boolean => e['action'] === 'ADD' || e['action'] === 'OBSERVE';
const isAggregation = (e: Obj): boolean =>
  e['type'] === 'AggregationEvent' || e['type'] === 'AssociationEvent';

/** Walks the graph from `start` (normalised identifiers). */
export async function walkTrace(
  source: TraceSource,
  start: readonly string[],
  options: TraceWalkOptions,
): Promise<TraceResult> {
  const at = options.at ?? Number.POSITIVE_INFINITY;
  const maxEvents = Math.max(1, options.maxEvents ?? TRACE_MAX_EVENTS);
  const forward = options.direction === 'forward';
  const state = new Map<string, KeyState>();
  const loaded = new Map<number, Loaded | null>();
  const hopKeys = new Map<number, Set<string>>();
  const edges = new Map<string, TraceEdge>();
  const retracted = new Set<number>();
  const checkedDeclared = new Set<string>();
  const retractedIds = new Set<string>();
  let truncated = false;
  /** Backward: the organisations that consumed each source (made something of it, packed it). */
  const consumers = new Map<string, Set<string>>();
  /** Backward: the identifiers each carrier was found to carry. */
  const carried = new Map<string, Set<string>>();
  const note = (m: Map<string, Set<string>>, key: string, v: string) => {
    const set = m.get(key);
    if (set) set.add(v);
    else m.set(key, new Set([v]));
  };

  for (const k of start) state.set(k, { from: Number.NEGATIVE_INFINITY, to: at, role: 'start' });
  let frontier = new Set(start);

  /** Widens a key's window; true when it grew (the key must be looked at again). */
  const widen = (key: string, from: number, to: number, role: TraceNodeRole): boolean => {
    const s = state.get(key);
    if (!s) {
      state.set(key, { from, to: Math.min(to, at), role });
      return true;
    }
    let grew = false;
    if (from < s.from) {
      s.from = from;
      grew = true;
    }
    if (Math.min(to, at) > s.to) {
      s.to = Math.min(to, at);
      grew = true;
    }
    // A carrier found to be derived or a source in its own right is expanded as such from now on.
    if (s.role === 'carrier' && role !== 'carrier') {
      s.role = role;
      grew = true;
    }
    return grew;
  };

  const edge = (from: string, to: string, kind: TraceEdge['kind'], ev: Loaded, link?: EventLink) => {
    const id = `${from}\u0000${to}\u0000${ev.index}`;
    if (edges.has(id)) return;
    edges.set(id, {
      from,
      to,
      kind,
      index: ev.index,
      time: str(ev.event['eventTime']) ?? '',
      quantity: link?.quantity ?? null,
      uom: link?.uom ?? null,
    });
  };

  while (frontier.size > 0 && !truncated) {
    const links = await source.links([...frontier]);
    const next = new Set<string>();
    const wanted: number[] = [];
    for (const l of links) {
      const s = state.get(l.key);
      if (!s || l.role === ROLE.retracts || l.time > s.to || l.time < s.from) continue;
      if (!loaded.has(l.index)) wanted.push(l.index);
    }
    if (wanted.length > 0) {
      for (const r of await source.entriesAt(wanted)) {
        const event = leafEvent(r.leaf);
        if (!event) {
          loaded.set(r.index, null);
          continue;
        }
        const env = JSON.parse(r.leaf.toString('utf8')) as { org?: unknown; event_id?: unknown };
        loaded.set(r.index, {
          index: r.index,
          event,
          envelope: { org: str(env.org) ?? '', event_id: str(env.event_id) ?? r.eventId },
          links: eventLinks(event),
          time: eventTimeMs(event),
          leafHash: r.leafHash.toString('hex'),
        });
      }
      // Events whose declared eventID a later error declaration retracts are left out.
      const declared = [...new Set(wanted)]
        .map((i) => str(loaded.get(i)?.event['eventID']))
        .filter((d): d is string => d !== null && !checkedDeclared.has(d));
      if (declared.length > 0) {
        for (const d of declared) checkedDeclared.add(d);
        for (const l of await source.links(declared)) if (l.role === ROLE.retracts) retractedIds.add(l.key);
      }
    }
    for (const l of links) {
      if (l.role === ROLE.retracts) continue;
      const s = state.get(l.key);
      const ev = loaded.get(l.index);
      if (!s || !ev || l.time > s.to || l.time < s.from) continue;
      if (ev.event['errorDeclaration'] !== undefined) continue;
      const declared = str(ev.event['eventID']);
      if (declared !== null && retractedIds.has(declared)) {
        retracted.add(ev.index);
        continue;
      }
      let keys = hopKeys.get(ev.index);
      if (!keys) {
        if (hopKeys.size >= maxEvents) {
          truncated = true;
          break;
        }
        keys = new Set();
        hopKeys.set(ev.index, keys);
      }
      keys.add(l.key);
      const expand = s.role !== 'carrier';
      const t = ev.time;
      const e = ev.event;
      const mine = ev.links.find((x) => x.key === l.key && x.role === l.role);
      const others = (role: number) => ev.links.filter((x) => x.role === role && x.key !== l.key);
      if (forward) {
        if (expand && l.role === ROLE.input && e['type'] === 'TransformationEvent')
          for (const o of others(ROLE.output)) {
            edge(l.key, o.key, 'transformed', ev, o);
            if (widen(o.key, t, at, 'derived')) next.add(o.key);
          }
        if (l.role === ROLE.child && isAggregation(e) && isAddOrObserve(e))
          for (const p of others(ROLE.parent)) {
            edge(l.key, p.key, 'packed', ev, mine);
            if (widen(p.key, t, at, 'carrier')) next.add(p.key);
          }
        if (expand && s.role === 'start' && l.role === ROLE.parent && isAggregation(e))
          for (const c of others(ROLE.child)) {
            edge(l.key, c.key, e['action'] === 'DELETE' ? 'unpacked' : 'packed', ev, c);
            if (widen(c.key, t, at, 'content')) next.add(c.key);
          }
      } else {
        if (expand && l.role === ROLE.output && e['type'] === 'TransformationEvent')
          for (const i of others(ROLE.input)) {
            edge(i.key, l.key, 'transformed', ev, i);
            note(consumers, i.key, ev.envelope.org);
            if (widen(i.key, Number.NEGATIVE_INFINITY, t, 'source')) next.add(i.key);
          }
        if (expand && l.role === ROLE.parent && isAggregation(e) && isAddOrObserve(e))
          for (const c of others(ROLE.child)) {
            edge(c.key, l.key, 'packed', ev, c);
            note(consumers, c.key, ev.envelope.org);
            if (widen(c.key, Number.NEGATIVE_INFINITY, t, 'source')) next.add(c.key);
          }
        if (l.role === ROLE.child && isAggregation(e) && isAddOrObserve(e))
          for (const p of others(ROLE.parent)) {
            edge(l.key, p.key, 'packed', ev, mine);
            note(carried, p.key, l.key);
            if (widen(p.key, t, s.to, 'carrier')) next.add(p.key);
          }
      }
    }
    frontier = next;
  }
  if (!forward) dropStrayCarriers(state, loaded, hopKeys, edges, consumers, carried);
  return assemble(options.direction, start, at, state, loaded, hopKeys, edges, retracted, truncated);
}

/**
 * A lot is often split over several pallets, and a backward trace only wants the pallets that
 * brought it to whoever used it: a carrier stays when one of its events was recorded by an
 * organisation that consumed what it carried (or what it carried is a starting point or itself
 * a carrier); the others, with their events and edges, are dropped.
 */
function dropStrayCarriers(
  state: Map<string, KeyState>,
  loaded: Map<number, Loaded | null>,
  hopKeys: Map<number, Set<string>>,
  edges: Map<string, TraceEdge>,
  consumers: Map<string, Set<string>>,
  carried: Map<string, Set<string>>,
): void {
  const orgsOf = new Map<string, Set<string>>();
  for (const [index, keys] of hopKeys) {
    const org = loaded.get(index)?.envelope.org;
    if (org === undefined) continue;
    for (const k of keys) {
      const set = orgsOf.get(k);
      if (set) set.add(org);
      else orgsOf.set(k, new Set([org]));
    }
  }
  const stray = new Set<string>();
  for (const [key, s] of state) {
    if (s.role !== 'carrier') continue;
    const orgs = orgsOf.get(key) ?? new Set<string>();
    const keep = [...(carried.get(key) ?? [])].some((c) => {
      const role = state.get(c)?.role;
      if (role === 'start' || role === 'carrier') return true;
      return [...(consumers.get(c) ?? [])].some((o) => orgs.has(o));
    });
    if (!keep) stray.add(key);
  }
  if (stray.size === 0) return;
  for (const k of stray) state.delete(k);
  for (const [index, keys] of hopKeys) {
    for (const k of stray) keys.delete(k);
    if (keys.size === 0) hopKeys.delete(index);
  }
  for (const [id, e] of edges) if (stray.has(e.from) || stray.has(e.to)) edges.delete(id);
}

function assemble(
  direction: TraceDirection,
  start: readonly string[],
  at: number,
  state: Map<string, KeyState>,
  loaded: Map<number, Loaded | null>,
  hopKeys: Map<number, Set<string>>,
  edges: Map<string, TraceEdge>,
  retracted: Set<number>,
  truncated: boolean,
): TraceResult {
  const hops: TraceHop[] = [];
  for (const [index, keys] of hopKeys) {
    const ev = loaded.get(index);
    if (!ev) continue;
    const e = ev.event;
    hops.push({
      index,
      event_id: ev.envelope.event_id,
      leaf_hash: ev.leafHash,
      declared_event_id: str(e['eventID']),
      event_type: str(e['type']) ?? '',
      action: str(e['action']),
      biz_step: str(e['bizStep']),
      disposition: str(e['disposition']),
      time: str(e['eventTime']) ?? '',
      org: ev.envelope.org,
      location: idOf(e['bizLocation']) ?? idOf(e['readPoint']),
      sources: parties(e['sourceList'], 'source'),
      destinations: parties(e['destinationList'], 'destination'),
      biz_transactions: Array.isArray(e['bizTransactionList'])
        ? (e['bizTransactionList'] as unknown[])
            .map((b) => (typeof b === 'object' && b !== null ? str((b as Obj)['bizTransaction']) : null))
            .filter((b): b is string => b !== null)
        : [],
      keys: [...keys].sort(),
      quantities: ev.links
        .filter((l) => keys.has(l.key) && (l.quantity !== undefined || l.uom !== undefined))
        .map((l) => ({ key: l.key, quantity: l.quantity ?? null, uom: l.uom ?? null })),
      proof: null,
    });
  }
  const timeOf = (h: TraceHop): number => loaded.get(h.index)?.time ?? 0;
  hops.sort((a, b) => timeOf(a) - timeOf(b) || a.index - b.index);
  const seen = new Map<string, { first: TraceHop; last: TraceHop; orgs: string[] }>();
  for (const h of hops)
    for (const k of h.keys) {
      const s = seen.get(k);
      if (!s) seen.set(k, { first: h, last: h, orgs: [h.org] });
      else {
        s.last = h;
        if (!s.orgs.includes(h.org)) s.orgs.push(h.org);
      }
    }
  const nodes: TraceNode[] = [...state].map(([id, s]) => {
    const h = seen.get(id);
    return {
      id,
      kind: nodeKind(id),
      role: s.role,
      first_time: h?.first.time ?? null,
      last_time: h?.last.time ?? null,
      holder: h ? { org: h.last.org, location: h.last.location } : null,
      orgs: h?.orgs ?? [],
    };
  });
  return {
    direction,
    start: [...start],
    at: Number.isFinite(at) ? new Date(at).toISOString() : null,
    nodes,
    edges: [...edges.values()].sort((a, b) => a.index - b.index),
    hops,
    truncated,
    retracted: [...retracted].sort((a, b) => a - b),
    checkpoint: null,
  };
}
