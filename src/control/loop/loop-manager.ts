/**
 * The loops of one running xinzhi: loads the saved configurations on boot and starts them, creates and
 * reconfigures loops (each change audited and saved), and stops them all on shutdown. Where the PV comes
 * from and where the OP goes are given as factories, so the server wires them to ingest and MQTT and
 * tests wire them to in-memory channels.
 *
 * In a cluster each loop must have one writer: every node keeps every loop (so the API answers on any
 * node), but a loop runs (samples, writes its output) only while `hold` says this node holds it (the
 * server's lease `loop.<id>`), and stops at once when the lease is lost. Changes made on another node
 * reach this one through `sync()`, which the server calls on a timer: it re-reads the saved loops,
 * adds new ones, drops deleted ones and restarts changed ones (bumplessly unless the change was to
 * the mode or the manual output).
 */
import { type Clock, type Logger, silentLogger, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { type AuditTrail, StoreAuditTrail } from './audit.js';
import { ControlLoop, type LoopSample } from './control-loop.js';
import { type LoopConfig, loopCollection, loopConfig, saveLoopConfig } from './loop-config.js';
import type { LoopConfigInput } from './loop-input-schema.js';
import type { OpSink, PvSource, Timer } from './ports.js';

export interface LoopManagerDeps {
  readonly store: Pick<Store, 'putDoc' | 'listDocs' | 'deleteDoc'>;
  readonly clock: Clock;
  readonly timer: Timer;
  /** PV source of a series id (e.g. the live points of an ingested series). */
  readonly pvSource: (seriesId: string) => PvSource;
  /**
   * Output sink of a loop (e.g. publish `{ts, value, unit}` to its topic, write an OPC UA node);
   * `current` gives the loop's configuration now (limits change without a restart).
   */
  readonly opSink: (config: LoopConfig, current: () => LoopConfig) => OpSink;
  readonly audit?: AuditTrail;
  readonly logger?: Logger;
  readonly historySize?: number;
  /**
   * Runs `work` for loop `id` only while this node may (a cluster lease): `start` on acquiring,
   * `stop` on losing; returns the release. Default: starts at once and runs until released.
   */
  readonly hold?: (loopId: string, work: LoopWork) => () => void | Promise<void>;
}

/** What `LoopManagerDeps.hold` runs while a loop's lease is held. */
export interface LoopWork {
  start(): void;
  stop(): void;
}

/** What `update` may change: the wiring and sampling of a loop (tuning, limits, mode have their own calls). */
export type LoopWiring = Partial<
  Pick<
    LoopConfig,
    | 'description'
    | 'pvSeries'
    | 'opTopic'
    | 'opNode'
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

/** JSON with sorted keys: a saved document compares equal whichever store re-ordered its keys. */
function canonical(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

const alwaysHeld = (_id: string, work: LoopWork) => {
  work.start();
  return () => work.stop();
};

export class LoopManager {
  readonly audit: AuditTrail;
  readonly #loops = new Map<string, ControlLoop>();
  readonly #sinks = new Map<string, OpSink>();
  /** Release of each loop's lease; a loop runs only while its id is in `#running`. */
  readonly #holds = new Map<string, () => void | Promise<void>>();
  readonly #running = new Set<string>();
  /** The saved configuration of each loop as this node last read or wrote it (canonical JSON). */
  readonly #seen = new Map<string, string>();
  /** Changes to the loops and syncs run one at a time, in order. */
  #syncing: Promise<unknown> = Promise.resolve();
  #stopped = false;
  /** Saves of each loop from this node (a sync leaves alone a loop saved here while it read). */
  readonly #writes = new Map<string, number>();
  readonly #deps: LoopManagerDeps;
  readonly #store: Pick<Store, 'putDoc' | 'deleteDoc'>;
  readonly #log: Logger;

  constructor(deps: LoopManagerDeps) {
    this.#deps = deps;
    // Every save of a loop's configuration from this node is remembered, so `sync` tells it apart
    // from a change made on another node.
    // Loops save only their configuration through it (saveLoopConfig).
    this.#store = {
      putDoc: async (ns, key, doc) => {
        if (ns !== loopCollection.namespace)
          throw new XinzhiError('INTERNAL', `a loop wrote to '${ns}', not '${loopCollection.namespace}'`);
        this.#seen.set(key, canonical(doc));
        this.#wrote(key);
        await loopCollection.put(deps.store, key, doc as LoopConfigInput);
      },
      deleteDoc: async (ns, key) => {
        if (ns !== loopCollection.namespace)
          throw new XinzhiError('INTERNAL', `a loop deleted from '${ns}', not '${loopCollection.namespace}'`);
        this.#wrote(key);
        await loopCollection.delete(deps.store, key);
      },
    };
    this.audit = deps.audit ?? new StoreAuditTrail(deps.store);
    this.#log = deps.logger ?? silentLogger;
  }

  /** Loads and starts every saved loop; a loop whose saved configuration is invalid is logged and skipped. */
  async load(): Promise<number> {
    let started = 0;
    for (const { cfg, json } of await this.#saved()) {
      if (this.#loops.has(cfg.id)) continue;
      this.#seen.set(cfg.id, json);
      this.#start(cfg);
      started++;
    }
    return started;
  }

  async #saved(): Promise<Array<{ cfg: LoopConfig; json: string }>> {
    const docs = await loopCollection.listValid(this.#deps.store, (err, key) =>
      this.#log.error({ key, err: err.message }, 'saved loop configuration is invalid: not started'),
    );
    const out: Array<{ cfg: LoopConfig; json: string }> = [];
    for (const d of docs)
      try {
        out.push({ cfg: loopConfig(d.doc), json: canonical(d.doc) });
      } catch (e) {
        this.#log.error({ key: d.key, err: String(e) }, 'saved loop configuration is invalid: not started');
      }
    return out;
  }

  /**
   * Brings the loops in line with the saved configurations (changed on another node): new loops are
   * added (and run where their lease is held), deleted ones stopped, changed ones restarted.
   */
  sync(): Promise<{ added: number; removed: number; changed: number }> {
    return this.#serial(() => this.#sync());
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#syncing.then(fn);
    this.#syncing = next.catch(() => undefined);
    return next;
  }

  #wrote(id: string): void {
    this.#writes.set(id, (this.#writes.get(id) ?? 0) + 1);
  }

  async #sync(): Promise<{ added: number; removed: number; changed: number }> {
    // After stopAll (shutdown) a sync still queued must not start anything again.
    if (this.#stopped) return { added: 0, removed: 0, changed: 0 };
    const writes = new Map(this.#writes);
    const saved = (await this.#saved()).filter(
      (s) => (this.#writes.get(s.cfg.id) ?? 0) === (writes.get(s.cfg.id) ?? 0),
    );
    const touched = (id: string): boolean => (this.#writes.get(id) ?? 0) !== (writes.get(id) ?? 0);
    if (this.#stopped) return { added: 0, removed: 0, changed: 0 };
    const ids = new Set(saved.map((s) => s.cfg.id));
    let added = 0;
    let removed = 0;
    let changed = 0;
    for (const { cfg, json } of saved) {
      const old = this.#loops.get(cfg.id);
      const seen = this.#seen.get(cfg.id);
      this.#seen.set(cfg.id, json);
      if (!old) {
        this.#start(cfg);
        added++;
        continue;
      }
      if (seen === json) continue;
      // Restart from the running output (no bump) unless the output itself is what was changed.
      const before = seen === undefined ? undefined : (JSON.parse(seen) as Partial<LoopConfig>);
      const snap = old.snapshot();
      const keepOp =
        this.#running.has(cfg.id) &&
        cfg.mode === snap.config.mode &&
        before?.manualOutput === (JSON.parse(json) as Partial<LoopConfig>).manualOutput;
      old.stop();
      this.#loops.delete(cfg.id);
      this.#start(keepOp ? loopConfig({ ...cfg, manualOutput: snap.op }) : cfg, old.history());
      changed++;
    }
    for (const id of [...this.#loops.keys()])
      if (!ids.has(id) && !touched(id)) {
        this.#loops.get(id)?.stop();
        this.#loops.delete(id);
        this.#sinks.delete(id);
        this.#seen.delete(id);
        await this.#release(id);
        removed++;
      }
    return { added, removed, changed };
  }

  /** Whether loop `id` runs on this node now (its lease is held). */
  running(id: string): boolean {
    return this.#running.has(id);
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
  create(input: LoopConfigInput, who: string): Promise<ControlLoop> {
    return this.#serial(() => this.#create(input, who));
  }

  async #create(input: LoopConfigInput, who: string): Promise<ControlLoop> {
    this.#stopped = false;
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
    await saveLoopConfig(this.#store, cfg);
    return this.#start(cfg);
  }

  /**
   * Changes a loop's wiring or sampling: audited, saved, and the loop restarted in its mode from its
   * current output (no bump).
   */
  update(id: string, change: LoopWiring, who: string): Promise<ControlLoop> {
    return this.#serial(() => this.#update(id, change, who));
  }

  async #update(id: string, change: LoopWiring, who: string): Promise<ControlLoop> {
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
    await saveLoopConfig(this.#store, next);
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
  remove(id: string, who: string, reason?: string): Promise<void> {
    return this.#serial(() => this.#remove(id, who, reason));
  }

  async #remove(id: string, who: string, reason?: string): Promise<void> {
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
    this.#seen.delete(id);
    await this.#release(id);
    await loopCollection.delete(this.#store, id);
    await this.#retire(id);
  }

  async #release(id: string): Promise<void> {
    const release = this.#holds.get(id);
    this.#holds.delete(id);
    this.#running.delete(id);
    try {
      await release?.();
    } catch (e) {
      this.#log.warn({ loop: id, err: String(e) }, 'could not release the lease of a loop');
    }
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

  /** Stops every loop and gives up their leases (shutdown). */
  stopAll(): void {
    this.#stopped = true;
    for (const l of this.#loops.values()) l.stop();
    for (const id of [...this.#holds.keys()]) void this.#release(id);
  }

  #start(cfg: LoopConfig, history?: readonly LoopSample[]): ControlLoop {
    const op =
      cfg.opTopic || cfg.opNode
        ? this.#deps.opSink(cfg, () => this.#loops.get(cfg.id)?.config ?? cfg)
        : NO_OP;
    this.#sinks.set(cfg.id, op);
    const loop = new ControlLoop(cfg, {
      pv: cfg.pvSeries ? this.#deps.pvSource(cfg.pvSeries) : NO_PV,
      op,
      clock: this.#deps.clock,
      audit: this.audit,
      store: this.#store,
      logger: this.#log,
      ...(history ? { history } : {}),
      ...(this.#deps.historySize === undefined ? {} : { historySize: this.#deps.historySize }),
    });
    this.#loops.set(cfg.id, loop);
    // The lease outlives a restart of the loop (a configuration change): the new one runs if held.
    if (this.#holds.has(cfg.id)) {
      if (this.#running.has(cfg.id)) loop.start(this.#deps.timer);
    } else {
      const id = cfg.id;
      this.#holds.set(
        id,
        (this.#deps.hold ?? alwaysHeld)(id, {
          start: () => {
            this.#running.add(id);
            this.#loops.get(id)?.start(this.#deps.timer);
            // Taken over from another node: its last saved state may be newer than this node's copy.
            if (this.#deps.hold)
              this.sync().catch((e: unknown) => this.#log.warn({ err: String(e) }, 'loop sync failed'));
          },
          stop: () => {
            this.#running.delete(id);
            this.#loops.get(id)?.stop();
          },
        }),
      );
    }
    return loop;
  }
}
