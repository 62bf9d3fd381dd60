import { afterEach, describe, expect, it } from 'vitest';
import { type Running, runServer } from './helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Reads an SSE response until `match` appears in the text, then cancels it. */
async function readUntil(res: Response, match: RegExp, onOpen?: () => Promise<void>): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let opened = false;
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (!opened && text.includes('live feed')) {
      opened = true;
      await onOpen?.();
    }
    if (match.test(text)) break;
  }
  await reader.cancel();
  return text;
}

const T0 = Date.now() - 60_000;

describe('SSE live feed', () => {
  it('streams new points of the requested series (and not others) and new events', async () => {
    running = await runServer();
    const { url } = running.handle;
    const res = await fetch(`${url}/api/v1/stream?series=s/a/temp`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await readUntil(res, /event: event[\s\S]*data:/, async () => {
      const post = (path: string, body: unknown) =>
        fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      await post('/api/v1/points', [
        { series: 's/a/other', ts: T0, value: 1 },
        { series: 's/a/temp', ts: T0, value: 42.5 },
      ]);
      await post('/api/v1/events', { kind: 'note', message: 'shift change' });
    });
    expect(text).toContain('event: points');
    expect(text).toContain('"series":"s/a/temp"');
    expect(text).toContain('42.5');
    expect(text).not.toContain('s/a/other');
    expect(text).toMatch(/id: \d+/);
    expect(text).toContain('shift change');
  });

  it('replays events after Last-Event-ID on reconnect', async () => {
    running = await runServer();
    const { url } = running.handle;
    const ids: number[] = [];
    for (const m of ['one', 'two', 'three']) {
      const r = await fetch(`${url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'note', message: m }),
      });
      ids.push(((await r.json()) as { id: number }).id);
    }
    const res = await fetch(`${url}/api/v1/stream`, { headers: { 'last-event-id': String(ids[0]) } });
    const text = await readUntil(res, /three/);
    expect(text).not.toContain('"one"');
    expect(text).toContain('"message":"two"');
    expect(text).toContain('"message":"three"');
  });
});
