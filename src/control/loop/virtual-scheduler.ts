/**
 * Virtual time for running loops and plant twins faster than real time: a Clock and a Timer whose
 * callbacks fire, in time order, when `advance` moves the clock (no wall-clock waiting).
 */
import type { Clock } from '../../core/index.js';
import type { Timer } from './ports.js';

interface Task {
  next: number;
  readonly period: number;
  readonly fn: () => void;
  readonly order: number;
  cancelled: boolean;
}

export class VirtualScheduler implements Clock, Timer {
  #now: number;
  #tasks: Task[] = [];
  #seq = 0;

  constructor(startMs = 0) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  every(periodMs: number, fn: () => void): () => void {
    if (!(periodMs > 0)) throw new RangeError('periodMs must be > 0');
    const task: Task = {
      next: this.#now + periodMs,
      period: periodMs,
      fn,
      order: this.#seq++,
      cancelled: false,
    };
    this.#tasks.push(task);
    return () => {
      task.cancelled = true;
      this.#tasks = this.#tasks.filter((t) => t !== task);
    };
  }

  /** Moves time forward by `ms`, firing due callbacks in order of time, then of registration. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let due: Task | undefined;
      for (const t of this.#tasks)
        if (t.next <= end && (!due || t.next < due.next || (t.next === due.next && t.order < due.order)))
          due = t;
      if (!due) break;
      this.#now = due.next;
      due.next += due.period;
      due.fn();
    }
    this.#now = end;
  }
}
