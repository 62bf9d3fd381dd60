/**
 * The loops of one running xinzhi: loads the saved configurations on boot and starts them, creates and
 * reconfigures loops (each change audited and saved), and stops them all on shutdown. Where the PV comes
 * from and where the OP goes are given as factories, so the server wires them to ingest and MQTT and
 * tests wire them to in-memory channels.
 */
import { type Clock, type Logger, silentLogger, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { type AuditTrail, CONTROL_NS, StoreAuditTrail } from './audit.js';
import { ControlLoop, type LoopSample } from './control-loop.js';
import { type LoopConfig, type LoopConfigInput, loopConfig, saveLoopConfig } from './loop-config.js';
import type { OpSink, PvSource, Timer } from './ports.js';

export interface LoopManagerDeps {
  readonly store: Pick<Store, 'putDoc' | 'listDocs' | 'deleteDoc'>;
  readonly clock: Clock;
  readonly timer: Timer;
  /** PV source of a series id (e.g. the live points of an ingested series). */
  readonly pvSource: (seriesId: string) => PvSource;
  /** Output sink of a loop (e.g. publish `{ts, value, unit}` to its topic). */
  readonly opSink: (config: LoopConfig) => OpSink;
  readonly audit?: AuditTrail;
  readonly logger?: Logger;
  readonly historySize?: number;
}

/** What `update` may change: the wiring and sampling of a loop (tuning, limits, mode have their own calls). */
export type LoopWiring = Partial<
  Pick<
    LoopConfig,
    | 'description'
    | 'pvSeries'
    | 'opTopic'
    | 'opUnit'
    | 'plant'
    | 'sampleTimeMs'
    | 'staleAfterMs'
    | 'action'
    | 'antiWindup'
    | 'setpointTracking'
  >
>;

const NO_PV: PvSource = { subscribe: () => () => undefined };
const NO_OP: OpSink = { write: () => undefined };

export class LoopManager {
  readonly audit: AuditTrail;
  readonly #loops = new Map<string, ControlLoop>();
  readonly #sinks = new Map<string, OpSink>();
  readonly #deps: LoopManagerDeps;
  readonly #log: Logger;

  constructor(deps: LoopManagerDeps) {
    this.#deps = deps;
    this.audit = deps.audit ?? new StoreAuditTrail(deps.store);
    this.#log = deps.logger ?? silentLogger;
  }

  /** Loads and starts every saved loop; a loop whose saved configuration is invalid is logged and skipped. */
  async load(): Promise<number> {
    const docs = await this.#deps.store.listDocs<LoopConfigInput>('control', 'loop/');
    let started = 0;
    for (const d of docs) {
      let cfg: LoopConfig;
      try {
        cfg = loopConfig(d.doc);
      } catch (e) {
        this.#log.error({ key: d.key, err: String(e) }, 'saved loop configuration is invalid: not started');
        continue;
      }
      this.#start(cfg);
      started++;
    }
    return started;
  }

  list(): ControlLoop[] {
    return [...this.#loops.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  get(id: string): ControlLoop | undefined {
    return this.#loops.get(id);
  }

  /** The loop or a NOT_FOUND error naming it. */
  require(id: string): ControlLoop {
    const l = this.#loops.get(id);
    if (!l) throw new XinzhiError('NOT_FOUND', `no control loop '${id}'`, { field: 'id' });
    return l;
  }

  /** Creates, saves and starts a loop; CONFLICT when the id exists. */
  async create(input: LoopConfigInput, who: string): Promise<ControlLoop> {
    const cfg = loopConfig(input);
    if (this.#loops.has(cfg.id))
      throw new XinzhiError('CONFLICT', `control loop '${cfg.id}' exists; update it instead`, {
        field: 'id',
      });
    await this.audit.record({
      loopId: cfg.id,
      ts: this.#deps.clock.now(),
      who,
      what: 'created',
      old: null,
      new: cfg,
    });
    await saveLoopConfig(this.#deps.store, cfg);
    return this.#start(cfg);
  }

  /**
   * Changes a loop's wiring or sampling: audited, saved, and the loop restarted in its mode from its
   * current output (no bump).
   */
  async update(id: string, change: LoopWiring, who: string): Promise<ControlLoop> {
    const old = this.require(id);
    const snap = old.snapshot();
    const next = loopConfig({ ...snap.config, ...change, manualOutput: snap.op });
    const changed = Object.fromEntries(
      Object.entries(change).filter(
        ([k]) =>
          JSON.stringify(snap.config[k as keyof LoopConfig]) !== JSON.stringify(next[k as keyof LoopConfig]),
      ),
    );
    const was = Object.fromEntries(Object.keys(changed).map((k) => [k, snap.config[k as keyof LoopConfig]]));
    await this.audit.record({
      loopId: id,
      ts: this.#deps.clock.now(),
      who,
      what: 'config',
      old: was,
      new: changed,
    });
    await saveLoopConfig(this.#deps.store, next);
    old.stop();
    this.#loops.delete(id);
    // A loop moved to another topic no longer drives the old one.
    if (snap.config.opTopic !== next.opTopic) await this.#retire(id);
    return this.#start(next, old.history());
  }

  /**
   * Stops a loop, withdraws its last output, removes its saved configuration and records who did
   * it (the audit trail of the loop is kept). NOT_FOUND when there is no such loop.
   */
  async remove(id: string, who: string, reason?: string): Promise<void> {
    const loop = this.require(id);
    const snap = loop.snapshot();
    await this.audit.record({
      loopId: id,
      ts: this.#deps.clock.now(),
      who,
      what: 'deleted',
      old: snap.config,
      new: null,
      ...(reason === undefined ? {} : { reason }),
    });
    loop.stop();
    this.#loops.delete(id);
    await this.#deps.store.deleteDoc(CONTROL_NS, `loop/${id}`);
    await this.#retire(id);
  }

  async #retire(id: string): Promise<void> {
    const sink = this.#sinks.get(id);
    this.#sinks.delete(id);
    try {
      await sink?.retire?.();
    } catch (e) {
      this.#log.warn({ loop: id, err: String(e) }, 'could not withdraw the output of a loop');
    }
  }

  stopAll(): void {
    for (const l of this.#loops.values()) l.stop();
  }

  #start(cfg: LoopConfig, history?: readonly LoopSample[]): ControlLoop {
    const op = cfg.opTopic ? this.#deps.opSink(cfg) : NO_OP;
    this.#sinks.set(cfg.id, op);
    const loop = new ControlLoop(cfg, {
      pv: cfg.pvSeries ? this.#deps.pvSource(cfg.pvSeries) : NO_PV,
      op,
      clock: this.#deps.clock,
      audit: this.audit,
      store: this.#deps.store,
      logger: this.#log,
      ...(history ? { history } : {}),
      ...(this.#deps.historySize === undefined ? {} : { historySize: this.#deps.historySize }),
    });
    this.#loops.set(cfg.id, loop);
    loop.start(this.#deps.timer);
    return loop;
  }
}
