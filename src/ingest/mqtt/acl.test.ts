import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { principalOf } from '../../core/index.js';
import { mayPublish, maySubscribe } from './acl.js';

const ctx = {
  orgOfSite: (s: string) => (s === 'plant1' || s === 'plant2' ? 'acme' : s === 'mill' ? 'beta' : 'default'),
};
const device = principalOf('key', 1, 'press', 'device', { org: 'acme', asset: 'plant1/press/line1' });
const operator = principalOf('key', 2, 'ops', 'operator', { org: 'acme', sites: ['plant1'] });
const viewer = principalOf('key', 3, 'view', 'viewer', { org: 'acme' });
const open = principalOf('open', null, 'open', 'admin');

const pub = (p: typeof device | undefined, topic: string, retain = false) =>
  mayPublish(p, topic, retain, ctx);
const sub = (p: typeof device | undefined, filter: string) => maySubscribe(p, filter, ctx).ok;

describe('MQTT ACL: publish', () => {
  it('a device publishes readings only under its own asset path, segment-wise', () => {
    expect(pub(device, 'xinzhi/v1/plant1/press/line1/temp').ok).toBe(true);
    expect(pub(device, 'xinzhi/v1/plant1/press/line1/m3/temp').ok).toBe(true);
    expect(pub(device, 'xinzhi/v1/plant1/press/line10/temp').ok).toBe(false);
    expect(pub(device, 'xinzhi/v1/plant1/oven/temp').ok).toBe(false);
    expect(pub(device, 'xinzhi/v1/').ok).toBe(false);
  });

  it('nobody but the server writes commands; other topics and $SYS are refused; readers do not publish', () => {
    for (const t of ['xinzhi/cmd/plant1/oven/heater', '$SYS/x', 'plain', 'xinzhi/v2/plant1/a/b'])
      expect(pub(operator, t).ok).toBe(false);
    expect(pub(viewer, 'xinzhi/v1/plant1/a/b').ok).toBe(false);
    expect(pub(operator, 'xinzhi/v1/plant2/a/b').ok).toBe(false);
    expect(pub(operator, 'xinzhi/v1/mill/a/b').ok).toBe(false);
    const d = pub(operator, 'xinzhi/cmd/plant1/oven/heater');
    expect(!d.ok && d.reason).toContain('server');
  });

  it('asset descriptions follow the readings rule and stay retained', () => {
    expect(pub(device, 'xinzhi/meta/v1/plant1/press/line1', true)).toEqual({ ok: true });
    expect(pub(device, 'xinzhi/meta/v1/plant1/press', true).ok).toBe(false);
    expect(sub(viewer, 'xinzhi/meta/v1/plant1/#')).toBe(true);
    expect(sub(viewer, 'xinzhi/meta/v1/#')).toBe(false);
  });

  it('a retained reading is accepted with its retain flag cleared', () => {
    expect(pub(operator, 'xinzhi/v1/plant1/a/b', true)).toEqual({ ok: true, clearRetain: true });
    expect(pub(operator, 'xinzhi/v1/plant1/a/b', false)).toEqual({ ok: true });
  });

  it('open mode (first run, --no-auth) keeps the old behaviour', () => {
    expect(pub(open, 'xinzhi/cmd/x/y', true).ok).toBe(true);
    expect(pub(undefined, 'anything').ok).toBe(true);
    expect(sub(open, '#')).toBe(true);
  });
});

describe('MQTT ACL: subscribe', () => {
  it('refuses wildcards before the site, $SYS, shared subscriptions and other scopes', () => {
    for (const f of [
      '#',
      '+/#',
      '$SYS/#',
      '$share/g/xinzhi/v1/plant1/#',
      'xinzhi/#',
      'xinzhi/v1/#',
      'xinzhi/v1/+/a',
      'xinzhi/v1//a',
    ])
      expect(sub(viewer, f)).toBe(false);
    expect(sub(viewer, 'xinzhi/v1/mill/#')).toBe(false);
    expect(sub(operator, 'xinzhi/v1/plant2/#')).toBe(false);
  });

  it('readers subscribe to readings and commands of their sites', () => {
    expect(sub(viewer, 'xinzhi/v1/plant2/#')).toBe(true);
    expect(sub(operator, 'xinzhi/v1/plant1/+/temp')).toBe(true);
    expect(sub(operator, 'xinzhi/cmd/plant1/#')).toBe(true);
  });

  it('a device subscribes only to its own command topics', () => {
    expect(sub(device, 'xinzhi/cmd/plant1/press/line1/#')).toBe(true);
    expect(sub(device, 'xinzhi/cmd/plant1/press/line1/valve')).toBe(true);
    expect(sub(device, 'xinzhi/cmd/plant1/press/+/valve')).toBe(false);
    expect(sub(device, 'xinzhi/cmd/plant1/#')).toBe(false);
    expect(sub(device, 'xinzhi/v1/plant1/press/line1/#')).toBe(false);
  });
});

describe('MQTT ACL: any topic', () => {
  const level = fc.oneof(
    fc.constantFrom('+', '#', '', '$SYS', 'plant1', 'press', 'line1', 'mill', 'xinzhi', 'v1', 'cmd'),
    fc.string(),
  );
  const topic = fc.array(level, { minLength: 1, maxLength: 8 }).map((l) => l.join('/'));

  it('never throws, never lets a client write commands or outside its scope, never grants # or $SYS', () => {
    fc.assert(
      fc.property(topic, fc.boolean(), (t, retain) => {
        for (const p of [device, operator, viewer]) {
          const d = mayPublish(p, t, retain, ctx);
          if (d.ok) {
            expect(t.startsWith('xinzhi/v1/plant1/') || t.startsWith('xinzhi/meta/v1/plant1/')).toBe(true);
            if (p === device) expect(/^xinzhi\/(meta\/)?v1\/plant1\/press\/line1(\/|$)/.test(t)).toBe(true);
          }
          const s = maySubscribe(p, t, ctx);
          if (s.ok) {
            expect(t.startsWith('#') || t.startsWith('+') || t.startsWith('$')).toBe(false);
            expect(/^xinzhi\/(v1|cmd|meta\/v1)\/plant[12](\/|$)/.test(t)).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('MQTT ACL: Sparkplug B', () => {
  const edge = principalOf('key', 4, 'gw', 'device', { org: 'acme', asset: 'plant1/gw1' });
  it('an edge node key publishes its own births, data and deaths; never commands, never retained', () => {
    for (const t of [
      'spBv1.0/plant1/NBIRTH/gw1',
      'spBv1.0/plant1/NDATA/gw1',
      'spBv1.0/plant1/DDATA/gw1/press',
      'spBv1.0/plant1/NDEATH/gw1',
    ])
      expect(pub(edge, t).ok).toBe(true);
    expect(pub(edge, 'spBv1.0/plant1/NDATA/gw1', true)).toEqual({ ok: true, clearRetain: true });
    expect(pub(edge, 'spBv1.0/plant1/NDATA/gw2').ok).toBe(false);
    expect(pub(edge, 'spBv1.0/plant2/NDATA/gw1').ok).toBe(false);
    expect(pub(edge, 'spBv1.0/plant1/NCMD/gw1').ok).toBe(false);
    expect(pub(edge, 'spBv1.0/STATE/xinzhi').ok).toBe(false);
    expect(pub(edge, 'spBv1.0/plant1/XDATA/gw1').ok).toBe(false);
    expect(pub(viewer, 'spBv1.0/plant1/NDATA/gw1').ok).toBe(false);
    expect(pub(operator, 'spBv1.0/plant1/NDATA/gw7').ok).toBe(true);
  });

  it('an edge node hears only its own commands; readers subscribe to groups of their scope', () => {
    expect(sub(edge, 'spBv1.0/plant1/NCMD/gw1')).toBe(true);
    expect(sub(edge, 'spBv1.0/plant1/DCMD/gw1/#')).toBe(true);
    expect(sub(edge, 'spBv1.0/plant1/NCMD/gw2')).toBe(false);
    expect(sub(edge, 'spBv1.0/plant1/NDATA/+')).toBe(false);
    expect(sub(edge, 'spBv1.0/STATE/xinzhi')).toBe(true);
    expect(sub(viewer, 'spBv1.0/plant1/#')).toBe(true);
    expect(sub(viewer, 'spBv1.0/mill/#')).toBe(false);
    expect(sub(viewer, 'spBv1.0/+/#')).toBe(false);
    expect(sub(operator, 'spBv1.0/plant2/#')).toBe(false);
  });
});
