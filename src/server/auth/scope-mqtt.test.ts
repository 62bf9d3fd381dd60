import { describe, expect, it } from 'vitest';
import { type Principal, principalOf } from '../../core/index.js';
import { mqttSessionsFollow } from './scope-mqtt.js';

describe('mqttSessionsFollow', () => {
  it('disconnects a revoked key’s clients and, when first-run ends, the anonymous ones', () => {
    const listeners: Array<(e: { type: string; kind?: string; id?: number }) => void> = [];
    const events = {
      on(l: (e: { type: string; kind?: string; id?: number }) => void) {
        listeners.push(l);
        return () => listeners.splice(listeners.indexOf(l), 1);
      },
    };
    let clients: Array<Principal | undefined> = [
      principalOf('key', 1, 'a', 'device', { asset: 'p/a' }),
      principalOf('key', 2, 'b', 'operator'),
      principalOf('open', null, 'open', 'admin'),
    ];
    const broker = {
      disconnectWhere(match: (p: Principal | undefined) => boolean) {
        const before = clients.length;
        clients = clients.filter((p) => !match(p));
        return before - clients.length;
      },
    };
    const off = mqttSessionsFollow(events, broker);
    for (const l of listeners) l({ type: 'revoked', kind: 'key', id: 1 });
    expect(clients.map((p) => p?.name)).toEqual(['b', 'open']);
    for (const l of listeners) l({ type: 'revoked', kind: 'user', id: 2 });
    expect(clients).toHaveLength(2);
    for (const l of listeners) l({ type: 'firstRunEnded' });
    expect(clients.map((p) => p?.name)).toEqual(['b']);
    off();
    expect(listeners).toHaveLength(0);
  });
});
