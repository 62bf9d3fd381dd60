/**
 * DNS rebinding against a real first-run server (issue 13, H4): a page served from
 * attacker.example, whose name now resolves to 127.0.0.1, talks to the server with its own name
 * in the Host header. It must not create the first admin key, nor read anything.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type Running, runServer } from './helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** A raw HTTP request with the given headers (fetch would not let a test set Host). */
function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        text += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('first-run mode and DNS rebinding', () => {
  it('refuses a foreign Host over real HTTP; the same request under 127.0.0.1 is served', async () => {
    running = await runServer({ mqttPort: false });
    const url = `${running.handle.url}/api/v1/keys`;
    const port = new URL(url).port;
    const key = JSON.stringify({ name: 'pwned', role: 'admin' });
    const json = { 'content-type': 'application/json' };
    const rebound = await send(url, 'POST', { ...json, host: `attacker.example:${port}` }, key);
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.body)).toMatchObject({ code: 'MISDIRECTED_REQUEST', field: 'host' });
    expect((await send(url, 'GET', { host: `attacker.example:${port}` })).status).toBe(421);
    expect(await running.store.countApiKeys()).toBe(0);
    // A simple cross-site form post under the right Host is still refused: no preflight-free writes.
    const form = await send(url, 'POST', { host: `127.0.0.1:${port}`, 'content-type': 'text/plain' }, key);
    expect(form.status).toBe(415);
    expect(await running.store.countApiKeys()).toBe(0);
    expect((await send(url, 'GET', { host: `localhost:${port}` })).status).toBe(200);
  });
});
