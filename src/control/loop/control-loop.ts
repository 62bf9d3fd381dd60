/**
 * A control loop at run time: samples the latest PV every Ts, runs the PID, writes the OP, and keeps a
 * short trend for the faceplate. Every operator change (mode, setpoint, tuning, limits) is written to
 * the audit trail *before* it takes effect, so nothing changes without a record; the configuration is
 * saved after each change when a store is given.
 *
 * A PV older than `staleAfterMs` (or none yet) holds the output and flags the loop `pv-stale` rather
 * than acting on old data.
 */
import { type Clock, type Logger, silentLogger, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { idealToParallel } from '../pid/forms.js';
import { Pid } from '../pid/pid.js';
import { checkLimits, type PidMode } from '../pid/pid-options.js';
import type { AuditTrail, AuditWhat } from './audit.js';
import {
  type LoopConfig,
  type LoopLimits,
  type LoopTuning,
  loopConfig,
  saveLoopConfig,
} from './loop-config.js';
import type { OpSink, PvSource, Reading, Timer } from './ports.js';

export interface LoopDeps {
  readonly pv: PvSource;
  readonly op: OpSink;
  readonly clock: Clock;
  readonly audit: AuditTrail;
  /** Saves the configuration after each change. */
  readonly store?: Pick<Store, 'putDoc'>;
  readonly logger?: Logger;
  /** Samples kept for the trend; default 3600. */
  readonly historySize?: number;
  /** Trend to continue (a loop restarted after a configuration change keeps its history). */
  readonly history?: readonly LoopSample[];
}

export type LoopStatus = 'ok' | 'pv-stale' | 'op-failed' | 'stopped';

export interface LoopSample {
  readonly ts: number;
  readonly sp: number;
  readonly pv: number | null;
  readonly op: number;
  readonly mode: PidMode;
}

export interface LoopSnapshot {
  readonly config: LoopConfig;
  readonly status: LoopStatus;
  readonly pv: Reading | null;
  readonly op: number;
  readonly terms: { readonly p: number; readonly i: number; readonly d: number };
  readonly saturated: 'high' | 'low' | null;
  /** Why the last output write failed, while it keeps failing. */
  readonly opError: string | null;
}

export class ControlLoop {
  #config: LoopConfig;
  readonly #pid: Pid;
  readonly #deps: LoopDeps;
  readonly #log: Logger;
  #pv: Reading | null = null;
  #status: LoopStatus = 'stopped';
  #opFailing = false;
  #opError: string | null = null;
  #unsubscribe: (() => void) | undefined;
  #cancelTimer: (() => void) | undefined;
  readonly #history: LoopSample[] = [];

  constructor(config: LoopConfig, deps: LoopDeps) {
    this.#config = config;
    this.#deps = deps;
    this.#log = deps.logger ?? silentLogger;
    if (deps.history) this.#history.push(...deps.history.slice(-(deps.historySize ?? 3600)));
    this.#pid = new Pid({
      sampleTime: config.sampleTimeMs / 1000,
      ...idealToParallel(config.tuning),
      b: config.tuning.b,
      c: config.tuning.c,
      n: config.tuning.n,
      ...config.limits,
      antiWindup: config.antiWindup,
      action: config.action,
      // Start in manual at the saved output, then switch: a loop restarted in auto resumes from that
      // output without a bump instead of from an empty integral.
      mode: 'manual',
      initialOutput: config.manualOutput,
    });
    if (config.mode === 'auto') this.#pid.setMode('auto');
  }

  get id(): string {
    return this.#config.id;
  }
  get config(): LoopConfig {
    return this.#config;
  }

  /** Subscribes to the PV and samples every Ts on `timer`. */
  start(timer: Timer): void {
    if (this.#cancelTimer) return;
    this.#unsubscribe = this.#deps.pv.subscribe((r) => {
      if (Number.isFinite(r.value) && Number.isFinite(r.ts) && (!this.#pv || r.ts >= this.#pv.ts))
        this.#pv = r;
    });
    this.#status = 'ok';
    this.#cancelTimer = timer.every(this.#config.sampleTimeMs, () => {
      this.tick();
    });
  }

  stop(): void {
    this.#cancelTimer?.();
    this.#unsubscribe?.();
    this.#cancelTimer = undefined;
    this.#unsubscribe = undefined;
    this.#status = 'stopped';
  }

  /** One sample: returns the output written (or held). */
  tick(): number {
    const now = this.#deps.clock.now();
    const pv = this.#pv;
    const fresh = pv !== null && now - pv.ts <= this.#config.staleAfterMs;
    let op = this.#pid.output;
    if (!fresh) {
      if (this.#status !== 'pv-stale') this.#log.warn({ loop: this.id, lastPv: pv }, 'PV stale: output held');
      this.#status = 'pv-stale';
    } else {
      if (this.#config.setpointTracking && this.#pid.mode === 'manual')
        this.#config = { ...this.#config, setpoint: pv.value };
      op = this.#pid.update(this.#config.setpoint, pv.value);
      this.#status = 'ok';
    }
    this.#record({ ts: now, sp: this.#config.setpoint, pv: pv?.value ?? null, op, mode: this.#pid.mode });
    // Logged once per outage, not every sample; the status stays op-failed until a write succeeds.
    // The audit trail gets the start and the end of each outage, written by `system`.
    const failed = (e: unknown): void => {
      this.#status = 'op-failed';
      this.#opError = e instanceof Error ? e.message : String(e);
      if (!this.#opFailing) {
        this.#log.error({ loop: this.id, err: this.#opError }, 'OP write failed');
        this.#auditOp('op-failed', op, this.#opError);
      }
      this.#opFailing = true;
    };
    const succeeded = (): void => {
      if (this.#opFailing) this.#auditOp('op-restored', op, null);
      this.#opFailing = false;
      this.#opError = null;
    };
    if (this.#opFailing && this.#status === 'ok') this.#status = 'op-failed';
    try {
      const w = this.#deps.op.write(op, now);
      if (w instanceof Promise) w.then(succeeded, failed);
      else succeeded();
    } catch (e) {
      failed(e);
    }
    return op;
  }

  snapshot(): LoopSnapshot {
    const s = this.#pid.state();
    return {
      config: this.#config,
      status: this.#status,
      pv: this.#pv,
      op: this.#pid.output,
      terms: { p: s.p, i: s.i, d: s.d },
      saturated: s.saturated,
      opError: this.#opError,
    };
  }

  /** The trend, oldest first. */
  history(): readonly LoopSample[] {
    return this.#history;
  }

  async setMode(
    mode: PidMode,
    who: string,
    o: { manualOutput?: number; reason?: string } = {},
  ): Promise<void> {
    if (mode !== 'auto' && mode !== 'manual')
      throw new XinzhiError('BAD_INPUT', `mode must be auto or manual, got ${String(mode)}`, {
        field: 'mode',
      });
    const old = { mode: this.#pid.mode, output: this.#pid.output };
    const manualOutput = o.manualOutput ?? this.#pid.output;
    if (!Number.isFinite(manualOutput))
      throw new XinzhiError('BAD_INPUT', 'manual output must be finite', { field: 'manualOutput' });
    await this.#audit(
      who,
      'mode',
      old,
      mode === 'manual' ? { mode, output: manualOutput } : { mode },
      o.reason,
    );
    this.#pid.setMode(mode, mode === 'manual' ? manualOutput : undefined);
    await this.#save({ mode, manualOutput: this.#pid.output });
  }

  /** Sets the output in manual mode. */
  async setManualOutput(value: number, who: string, reason?: string): Promise<void> {
    if (this.#pid.mode !== 'manual')
      throw new XinzhiError('CONFLICT', 'the output can only be set in manual mode', { field: 'mode' });
    if (!Number.isFinite(value))
      throw new XinzhiError('BAD_INPUT', 'output must be finite', { field: 'output' });
    await this.#audit(
      who,
      'mode',
      { mode: 'manual', output: this.#pid.output },
      { mode: 'manual', output: value },
      reason,
    );
    this.#pid.setManualOutput(value);
    await this.#save({ manualOutput: this.#pid.output });
  }

  async setSetpoint(value: number, who: string, reason?: string): Promise<void> {
    if (!Number.isFinite(value))
      throw new XinzhiError('BAD_INPUT', 'setpoint must be finite', { field: 'setpoint' });
    await this.#audit(who, 'setpoint', this.#config.setpoint, value, reason);
    await this.#save({ setpoint: value });
  }

  /** Changes tuning (ideal form) without a bump in the output. */
  async setTuning(change: Partial<LoopTuning>, who: string, reason?: string): Promise<void> {
    const next = loopConfig({ ...this.#config, tuning: { ...this.#config.tuning, ...change } }).tuning;
    const par = idealToParallel(next);
    await this.#audit(who, 'tuning', this.#config.tuning, next, reason);
    this.#pid.setTuning({ ...par, b: next.b, c: next.c, n: next.n });
    await this.#save({ tuning: next });
  }

  async setLimits(change: Partial<LoopLimits>, who: string, reason?: string): Promise<void> {
    const next = { ...this.#config.limits, ...change };
    checkLimits(next.outMin, next.outMax, next.rateLimit, this.#config.sampleTimeMs / 1000);
    await this.#audit(who, 'limits', this.#config.limits, next, reason);
    this.#pid.setLimits(next);
    await this.#save({ limits: next });
  }

  #auditOp(what: 'op-failed' | 'op-restored', op: number, error: string | null): void {
    this.#deps.audit
      .record({
        loopId: this.id,
        ts: this.#deps.clock.now(),
        who: 'system',
        what,
        old: null,
        new: { op, error },
      })
      .catch((e: unknown) => this.#log.warn({ loop: this.id, err: String(e) }, 'audit of OP write not kept'));
  }

  async #audit(who: string, what: AuditWhat, old: unknown, value: unknown, reason?: string): Promise<void> {
    if (typeof who !== 'string' || who.trim() === '')
      throw new XinzhiError('BAD_INPUT', 'who must name the person or system making the change', {
        field: 'who',
      });
    await this.#deps.audit.record({
      loopId: this.id,
      ts: this.#deps.clock.now(),
      who,
      what,
      old,
      new: value,
      ...(reason === undefined ? {} : { reason }),
    });
  }

  async #save(change: Partial<LoopConfig>): Promise<void> {
    this.#config = { ...this.#config, ...change };
    if (this.#deps.store) await saveLoopConfig(this.#deps.store, this.#config);
  }

  #record(s: LoopSample): void {
    this.#history.push(s);
    const max = this.#deps.historySize ?? 3600;
    if (this.#history.length > max) this.#history.splice(0, this.#history.length - max);
  }
}
