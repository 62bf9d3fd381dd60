/**
 * The small interfaces a control loop runs against, so the same loop runs in tests (in-memory), in a
 * faster-than-real-time simulation (virtual scheduler + plant twin) and live (PV from an ingested
 * series over MQTT, OP published to an actuator topic).
 */

/** A PV reading: UTC ms and value in the series' unit. */
export interface Reading {
  readonly ts: number;
  readonly value: number;
}

/** Where the loop's PV comes from (e.g. ingest's accepted points of one series). */
export interface PvSource {
  /** Calls `listener` for each new reading; returns the unsubscribe function. */
  subscribe(listener: (r: Reading) => void): () => void;
}

/** Where the loop writes its output (e.g. an MQTT actuator topic). */
export interface OpSink {
  write(value: number, ts: number): void | Promise<void>;
  /**
   * Called when the loop is deleted: withdraws the last output (e.g. clears the retained MQTT
   * message) so a device that reconnects is not driven by a loop that no longer exists.
   */
  retire?(): void | Promise<void>;
}

/** Runs a callback periodically; returns a cancel function. */
export interface Timer {
  every(periodMs: number, fn: () => void): () => void;
}

/** Real timers (setInterval). */
export const realTimer: Timer = {
  every(periodMs, fn) {
    const h = setInterval(fn, periodMs);
    return () => clearInterval(h);
  },
};

/** An in-process publish/subscribe channel: a PvSource and an OpSink in one (wires twins to loops). */
export class Channel implements PvSource {
  readonly #listeners = new Set<(r: Reading) => void>();
  #last: Reading | undefined;

  subscribe(listener: (r: Reading) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(r: Reading): void {
    this.#last = r;
    for (const l of this.#listeners) l(r);
  }

  /** As an OpSink. */
  write(value: number, ts: number): void {
    this.publish({ ts, value });
  }

  get last(): Reading | undefined {
    return this.#last;
  }
}
