/** Lot and item traces over the ledger's EPCIS events (docs/ledger.md, "Tracing a lot"). */
export { type EventLink, eventLinks, eventTimeMs } from './event-links.js';
export { RECALL_COLUMNS, type RecallRow, recallCsv, recallRows } from './recall-report.js';
export { MAX_KEY_LENGTH, ROLE, traceKey } from './roles.js';
export { MAX_TRACE_STARTS, type TraceLedger, type TraceOptions, traceLot, traceStarts } from './trace.js';
export { catchUpTraceIndex, linksOfEntries, TRACE_INDEX_BATCH } from './trace-index.js';
export type * from './trace-types.js';
export { nodeKind, TRACE_MAX_EVENTS, type TraceSource, walkTrace } from './trace-walk.js';
