/**
 * One shared live feed (SSE, `/api/v1/stream`) for the whole page. Components subscribe to the
 * series they show; the feed reconnects with the union of those series when it changes, so the
 * server only sends what is on screen. The browser's EventSource reconnects by itself after a
 * network error and replays missed events with Last-Event-ID.
 */
import { apiBase, type Schema } from './client.js';

/** The SSE messages carry the API's point and event shapes. */
type Point = Schema<'Point'>;
type XEvent = Schema<'Event'>;

type PointsHandler = (series: string, points: readonly Point[]) => void;
type EventHandler = (e: XEvent) => void;
type StatusHandler = (connected: boolean) => void;

interface Sub {
  readonly series: ReadonlySet<string>;
  readonly onPoints: PointsHandler;
}

const subs = new Set<Sub>();
const eventSubs = new Set<EventHandler>();
const statusSubs = new Set<StatusHandler>();
let source: EventSource | null = null;
let currentKey = '';
let timer: ReturnType<typeof setTimeout> | undefined;
let connected = false;

function setConnected(v: boolean): void {
  if (v === connected) return;
  connected = v;
  for (const s of statusSubs) s(v);
}

function wanted(): string[] {
  const all = new Set<string>();
  for (const s of subs) for (const id of s.series) all.add(id);
  return [...all].sort();
}

function reconnect(): void {
  timer = undefined;
  const series = wanted();
  const key = series.join(',') + (eventSubs.size > 0 ? '|events' : '');
  if (key === currentKey && source) return;
  source?.close();
  source = null;
  currentKey = key;
  setConnected(false);
  if (series.length === 0 && eventSubs.size === 0) return;
  const params = new URLSearchParams();
  // No series wanted (events only) means every series: the stream filters events by series too.
  if (series.length > 0) params.set('series', series.join(','));
  if (eventSubs.size === 0) params.set('events', 'false');
  // Same-origin EventSource sends the session cookie; no credential ever goes in the URL.
  const es = new EventSource(`${apiBase()}/stream?${params}`);
  source = es;
  es.onopen = () => setConnected(true);
  es.onerror = () => setConnected(false);
  es.addEventListener('points', (m: MessageEvent<string>) => {
    const msg = JSON.parse(m.data) as { series: string; points: Point[] };
    for (const s of subs) if (s.series.has(msg.series)) s.onPoints(msg.series, msg.points);
  });
  es.addEventListener('event', (m: MessageEvent<string>) => {
    const e = JSON.parse(m.data) as XEvent;
    for (const h of eventSubs) h(e);
  });
}

function schedule(): void {
  if (timer === undefined) timer = setTimeout(reconnect, 30);
}

/** Receives new points of `series` as they are committed; returns the unsubscribe function. */
export function subscribePoints(series: Iterable<string>, onPoints: PointsHandler): () => void {
  const sub: Sub = { series: new Set(series), onPoints };
  subs.add(sub);
  schedule();
  return () => {
    subs.delete(sub);
    schedule();
  };
}

export function subscribeEvents(onEvent: EventHandler): () => void {
  eventSubs.add(onEvent);
  schedule();
  return () => {
    eventSubs.delete(onEvent);
    schedule();
  };
}

export function subscribeStatus(fn: StatusHandler): () => void {
  statusSubs.add(fn);
  fn(connected);
  return () => statusSubs.delete(fn);
}

/** Reopens the feed, e.g. after the API key changed. */
export function restartLive(): void {
  currentKey = '';
  schedule();
}
