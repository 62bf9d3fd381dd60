import { describe, expect, it } from 'vitest';
import { sparkplugCodec } from './decode.js';
import { EdgeNodeSim } from './edge-node.fixture.js';
import { SparkplugHost } from './host.js';

const T = Date.UTC(2024, 0, 1);

function born(host = new SparkplugHost()) {
  const edge = new EdgeNodeSim('plant1', 'gw1');
  host.handle(
    edge.topic('NBIRTH'),
    edge.birth(T, [
      { name: 'Node Control/Rebirth', alias: 0, type: 'Boolean', value: false },
      {
        name: 'Supply/Voltage',
        alias: 1,
        type: 'Double',
        value: 230.1,
        properties: { engUnit: { type: 'String', value: 'V' } },
      },
    ]),
    T,
  );
  host.handle(
    edge.topic('DBIRTH', 'press1'),
    edge.payload(
      'DBIRTH',
      [
        { name: 'temp', alias: 10, type: 'Float', value: 20.5 },
        { name: 'running', alias: 11, type: 'Boolean', value: true },
        { name: 'recipe', alias: 12, type: 'String', value: 'A7' },
      ],
      T,
    ),
    T,
  );
  return { host, edge };
}

describe('SparkplugHost', () => {
  it('reads births and alias-only data into readings under group/edge/device', () => {
    const { host, edge } = born();
    const out = host.handle(
      edge.topic('DDATA', 'press1'),
      edge.payload(
        'DDATA',
        [
          { alias: 10, type: 'Float', value: 21.25, timestamp: T + 1000 },
          { alias: 11, type: 'Boolean', value: false, timestamp: T + 1000 },
          { alias: 12, type: 'String', value: 'B1', timestamp: T + 1000 },
        ],
        T + 1000,
      ),
      T + 1000,
    );
    expect(out.readings.map((r) => [r.seriesId, r.value, r.ts])).toEqual([
      ['plant1/gw1/press1/temp', 21.25, T + 1000],
      ['plant1/gw1/press1/running', false, T + 1000],
    ]);
    expect(out.skipped).toBe(1);
    expect(out.rebirth).toBeUndefined();
    const nd = host.handle(
      edge.topic('NDATA'),
      edge.payload('NDATA', [{ alias: 1, type: 'Double', value: 229.9 }], T + 2000),
      T + 2000,
    );
    expect(nd.readings).toMatchObject([
      { seriesId: 'plant1/gw1/Supply.Voltage', value: 229.9, unit: 'V', ts: T + 2000 },
    ]);
    expect(host.counters).toMatchObject({ births: 2, seqGaps: 0, rebirths: 0 });
  });

  it('quarantines a metric whose alias no birth declared and asks for a rebirth once per interval', () => {
    const { host, edge } = born(new SparkplugHost({ rebirthIntervalMs: 5000 }));
    const first = host.handle(
      edge.topic('DDATA', 'press1'),
      edge.payload(
        'DDATA',
        [
          { alias: 99, type: 'Double', value: 1 },
          { alias: 10, type: 'Float', value: 22 },
        ],
        T + 1000,
      ),
      T + 1000,
    );
    expect(first.readings).toHaveLength(1);
    expect(first.quarantine[0]).toMatchObject({
      source: 'sparkplug',
      location: 'spBv1.0/plant1/DDATA/gw1/press1#alias=99',
    });
    expect(first.quarantine[0]!.reasons[0]!.message).toContain('alias 99');
    expect(first.rebirth).toBe('spBv1.0/plant1/NCMD/gw1');
    const again = host.handle(
      edge.topic('DDATA', 'press1'),
      edge.payload('DDATA', [{ alias: 99, type: 'Double', value: 2 }], T + 2000),
      T + 2000,
    );
    expect(again.rebirth).toBeUndefined();
    expect(host.counters.unknownAliases).toBe(2);
  });

  it('detects a sequence gap, logs it as an event and requests a rebirth, keeping the data', () => {
    const { host, edge } = born();
    edge.seq += 3; // three messages lost
    const out = host.handle(
      edge.topic('NDATA'),
      edge.payload('NDATA', [{ alias: 1, type: 'Double', value: 231 }], T + 1000),
      T + 1000,
    );
    expect(out.readings).toHaveLength(1);
    expect(out.events).toMatchObject([
      { kind: 'sparkplug.seq_gap', severity: 'warning', data: { expected: 2, got: 5 } },
    ]);
    expect(out.rebirth).toBe('spBv1.0/plant1/NCMD/gw1');
    expect(host.counters.seqGaps).toBe(1);
    // The next message in order after the gap is fine again.
    const next = host.handle(
      edge.topic('NDATA'),
      edge.payload('NDATA', [{ alias: 1, type: 'Double', value: 232 }], T + 2000),
      T + 2000,
    );
    expect(next.events).toEqual([]);
  });

  it('wraps seq from 255 to 0 without a gap', () => {
    const { host, edge } = born();
    for (let i = 0; i < 300; i++) {
      const out = host.handle(
        edge.topic('NDATA'),
        edge.payload('NDATA', [{ alias: 1, type: 'Double', value: i }], T + i),
        T + i,
      );
      expect(out.events).toEqual([]);
    }
  });

  it('marks the node and its devices stale on NDEATH, ignores a will of an older session, and revives on birth', () => {
    const { host, edge } = born();
    const old = new EdgeNodeSim('plant1', 'gw1');
    old.bdSeq = 7;
    expect(host.handle(edge.topic('NDEATH'), old.death(T), T).events).toEqual([]);
    expect(host.staleScopes()).toEqual([]);
    const out = host.handle(edge.topic('NDEATH'), edge.death(T + 5), T + 5);
    expect(out.events[0]).toMatchObject({ kind: 'sparkplug.stale' });
    expect(host.staleScopes()).toEqual(['plant1/gw1']);
    // Data after death is from a node xinzhi no longer follows: rebirth.
    const after = host.handle(
      edge.topic('NDATA'),
      edge.payload('NDATA', [{ alias: 1, type: 'Double', value: 1 }], T + 6),
      T + 6,
    );
    expect(after.readings).toEqual([]);
    expect(after.rebirth).toBe('spBv1.0/plant1/NCMD/gw1');
    edge.bdSeq++;
    host.handle(
      edge.topic('NBIRTH'),
      edge.birth(T + 7, [{ name: 'Supply/Voltage', alias: 1, type: 'Double', value: 230 }]),
      T + 7,
    );
    expect(host.staleScopes()).toEqual([]);
  });

  it('marks one device stale on DDEATH', () => {
    const { host, edge } = born();
    host.handle(edge.topic('DDEATH', 'press1'), edge.payload('DDEATH', [], T + 1), T + 1);
    expect(host.staleScopes()).toEqual(['plant1/gw1/press1']);
  });

  it('asks for a rebirth when data comes from a node it never saw born', () => {
    const host = new SparkplugHost();
    const edge = new EdgeNodeSim('plant1', 'gw9');
    edge.seq = 40;
    const out = host.handle(
      edge.topic('NDATA'),
      edge.payload('NDATA', [{ alias: 1, type: 'Double', value: 1 }], T),
      T,
    );
    expect(out.rebirth).toBe('spBv1.0/plant1/NCMD/gw9');
    expect(out.quarantine[0]!.reasons[0]!.message).toContain('before its NBIRTH');
  });

  it('stores historical (store-and-forward) metrics at their own timestamps', () => {
    const { host, edge } = born();
    const out = host.handle(
      edge.topic('DDATA', 'press1'),
      edge.payload(
        'DDATA',
        [
          { alias: 10, type: 'Float', value: 19, timestamp: T - 60_000, isHistorical: true },
          { alias: 10, type: 'Float', value: 19.5, timestamp: T - 30_000, isHistorical: true },
        ],
        T,
      ),
      T,
    );
    expect(out.readings.map((r) => r.ts)).toEqual([T - 60_000, T - 30_000]);
    expect(host.counters.historical).toBe(2);
  });

  it('quarantines malformed protobuf and bad topics without throwing', () => {
    const host = new SparkplugHost();
    const junk = [
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]),
      Buffer.from('{"json":"not protobuf"}'),
      Buffer.from([0x12, 0x80]),
      Buffer.alloc(0),
    ];
    for (const j of junk) {
      const out = host.handle('spBv1.0/g/NBIRTH/e', j, T);
      expect(out.readings).toEqual([]);
    }
    expect(host.handle('spBv1.0/g/NBIRTH/e', junk[0]!, T).quarantine[0]).toMatchObject({
      source: 'sparkplug',
      reasons: [{ code: 'INGEST_BAD_PAYLOAD' }],
    });
    expect(host.handle('spBv1.0/g/XDATA/e', Buffer.alloc(0), T).quarantine[0]!.reasons[0]!.message).toContain(
      'unknown Sparkplug message type',
    );
    expect(host.handle('spBv1.0/g/DDATA/e', Buffer.alloc(0), T).quarantine).toHaveLength(1);
    expect(host.handle('spBv1.0/STATE/other-host', Buffer.from('{"online":true}'), T).quarantine).toEqual([]);
  });

  it('refuses a payload with more metrics than the limit', () => {
    const host = new SparkplugHost({ maxMetrics: 3 });
    const bytes = Buffer.from(
      sparkplugCodec.encodePayload({
        seq: 0,
        metrics: [1, 2, 3, 4].map((i) => ({ name: `m${i}`, type: 'Double', value: i })),
      }),
    );
    const out = host.handle('spBv1.0/g/NBIRTH/e', bytes, T);
    expect(out.quarantine[0]!.reasons[0]!.message).toContain('more than the limit of 3');
  });
});
