/**
 * Ed25519 signing on worker threads, so a large append signs on one core while the main thread
 * computes event hash IDs and canonical JSON on another. Workers run a few lines of plain
 * JavaScript (node:crypto only), passed as source so they work the same under tsx, vitest and the
 * compiled package. Workers are unref'd: an idle pool never keeps the process alive.
 */
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPrivateKey, sign } = require('node:crypto');
const PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
const keys = new Map();
parentPort.on('message', ({ id, seed, messages }) => {
  try {
    const hex = Buffer.from(seed).toString('hex');
    let key = keys.get(hex);
    if (!key) {
      key = createPrivateKey({ key: Buffer.concat([PKCS8, Buffer.from(seed)]), format: 'der', type: 'pkcs8' });
      keys.set(hex, key);
    }
    const sigs = messages.map((m) => sign(null, Buffer.from(m.buffer, m.byteOffset, m.byteLength), key));
    parentPort.postMessage({ id, sigs });
  } catch (e) {
    parentPort.postMessage({ id, error: String(e && e.message || e) });
  }
});
`;

interface Pending {
  resolve: (sigs: Buffer[]) => void;
  reject: (e: Error) => void;
}

export class SignPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private turn = 0;
  private dead: Error | undefined;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      // No inherited loader flags (tsx, vitest): the worker is plain CommonJS.
      const w = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
      w.unref();
      w.on('message', (m: { id: number; sigs?: Uint8Array[]; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error !== undefined || !m.sigs) p.reject(new Error(`signing worker: ${m.error}`));
        else p.resolve(m.sigs.map((s) => Buffer.from(s.buffer, s.byteOffset, s.byteLength)));
      });
      const fail = (e: Error) => {
        this.dead ??= e;
        for (const p of this.pending.values()) p.reject(e);
        this.pending.clear();
      };
      w.on('error', fail);
      w.on('exit', (code) => fail(new Error(`signing worker exited (code ${code})`)));
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Ed25519 signatures of `messages` with the key of `seed`, in order. */
  sign(seed: Uint8Array, messages: readonly Uint8Array[]): Promise<Buffer[]> {
    if (this.dead) return Promise.reject(this.dead);
    const worker = this.workers[this.turn++ % this.workers.length];
    if (!worker) return Promise.reject(new Error('the signing pool has no workers'));
    const id = this.nextId++;
    return new Promise<Buffer[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, seed, messages });
    });
  }

  async close(): Promise<void> {
    this.dead = new Error('the signing pool is closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
