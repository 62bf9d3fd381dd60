/**
 * Writing to a Node stream with backpressure: an export of a million rows must wait for the disk
 * (or a slow pipe) instead of queueing the whole file in memory.
 */
import type { Writable } from 'node:stream';

/** Resolves on `event`, rejects on `error`, resolves on `close`; removes its listeners either way. */
function settle(out: Writable, event: 'drain' | 'finish'): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (e?: unknown): void => {
      out.off(event, ok);
      out.off('error', fail);
      out.off('close', ok);
      if (e === undefined) resolve();
      else reject(e);
    };
    const ok = (): void => done();
    const fail = (e: unknown): void => done(e ?? new Error('stream error'));
    out.on(event, ok);
    out.on('error', fail);
    out.on('close', ok);
  });
}

/** Writes `chunk`; resolves at once, or after `drain` when the stream's buffer is full. */
export async function writeChunk(out: Writable, chunk: string | Uint8Array): Promise<void> {
  // A reader that went away (`| head`) destroys the stream: stop producing instead of buffering.
  if (out.destroyed || out.writableEnded)
    throw Object.assign(new Error('the output stream is closed'), { code: 'EPIPE' });
  if (out.write(chunk)) return;
  await settle(out, 'drain');
}

/** Ends a file stream and waits until its bytes are handed to the OS (`finish`), or its error. */
export async function endStream(out: Writable): Promise<void> {
  if (out.writableFinished) return;
  const done = settle(out, 'finish');
  out.end();
  await done;
}
