/**
 * Sessions end when rights end (M1, HTTP side): a live SSE stream closes at once when its key is
 * revoked, its user disabled, its session signed out, or — for open first-run access — when the
 * first credential is created; and within the recheck interval when another process (the CLI)
 * changes the database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AccessEvent } from '../../src/server/index.js';
import { createApiKey } from '../../src/server/index.js';
import { type Running, runServer } from './helpers.js';

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const PW = 'a long enough password';

/** Opens the stream, waits for its hello, runs `act`, then reads until the server ends the stream. */
async function streamEndsAfter(
  url: string,
  headers: Record<string, string>,
  act: () => Promise<void>,
): Promise<string> {
  const res = await fetch(`${url}/api/v1/stream`, { headers });
  expect(res.status).toBe(200);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('live feed')) {
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended before its hello');
    text += decoder.decode(value, { stream: true });
  }
  await act();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return text;
    text += decoder.decode(value, { stream: true });
  }
}

describe('SSE streams end when rights end', () => {
  it('closes open, key, user and session streams on first-run end, revocation, disabling and sign-out', async () => {
    // No periodic recheck during this test: only the announcements can end the streams.
    running = await runServer({ rightsRecheckMs: 3_600_000 });
    const { url } = running.handle;
    const events: AccessEvent[] = [];
    running.handle.access.on((e) => events.push(e));
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });

    // Open first-run access ends with the first user.
    await streamEndsAfter(url, {}, async () => {
      expect((await post('/users', { username: 'root', password: PW, role: 'admin' })).status).toBe(201);
    });
    expect(events).toEqual([{ type: 'firstRunEnded' }]);
    expect((await fetch(`${url}/api/v1/stream`)).status).toBe(401);

    const admin = await createApiKey(running.store, { name: 'admin', role: 'admin' }, Date.now());
    const asAdmin = { authorization: `Bearer ${admin.secret}` };
    const viewer = (await (await post('/keys', { name: 'screen', role: 'viewer' }, asAdmin)).json()) as {
      id: number;
      secret: string;
    };
    await streamEndsAfter(url, { authorization: `Bearer ${viewer.secret}` }, async () => {
      expect(
        (await fetch(`${url}/api/v1/keys/${viewer.id}`, { method: 'DELETE', headers: asAdmin })).status,
      ).toBe(200);
    });
    expect(events).toContainEqual({ type: 'revoked', kind: 'key', id: viewer.id });

    const bob = (await (
      await post('/users', { username: 'bob', password: PW, role: 'viewer' }, asAdmin)
    ).json()) as {
      id: number;
    };
    const signIn = async () => {
      const res = await post('/auth/login', { username: 'bob', password: PW });
      expect(res.status).toBe(200);
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] as string, csrf: csrfToken };
    };
    const s1 = await signIn();
    await streamEndsAfter(url, { cookie: s1.cookie }, async () => {
      expect((await post('/auth/logout', {}, { cookie: s1.cookie, 'x-csrf-token': s1.csrf })).status).toBe(
        204,
      );
    });
    const s2 = await signIn();
    await streamEndsAfter(url, { cookie: s2.cookie }, async () => {
      expect((await post(`/users/${bob.id}/disable`, {}, asAdmin)).status).toBe(200);
    });
    expect(events).toContainEqual({ type: 'revoked', kind: 'user', id: bob.id });
  });

  it('notices a key revoked by another process (the CLI) at the next recheck', async () => {
    running = await runServer({ rightsRecheckMs: 200 });
    const key = await createApiKey(running.store, { name: 'screen', role: 'viewer' }, Date.now());
    const store = running.store;
    await streamEndsAfter(running.handle.url, { authorization: `Bearer ${key.secret}` }, async () => {
      await store.revokeApiKey(key.record.id);
    });
  }, 15_000);
});
