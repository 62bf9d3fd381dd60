import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMqttMessage } from './payload.js';
import { parseTopic } from './topic.js';

const T = 1_700_000_000_000;
const msg = (topic: string, text: string) => parseMqttMessage(topic, Buffer.from(text), T);

describe('parseTopic', () => {
  it('reads the ISA-95 path and the metric', () => {
    expect(parseTopic('xinzhi/v1/plant1/press/line1/m3/temp')).toEqual({
      ok: true,
      value: { assetId: 'plant1/press/line1/m3', metric: 'temp', seriesId: 'plant1/press/line1/m3/temp' },
    });
    expect(parseTopic('xinzhi/v1/farm/soil_moisture')).toMatchObject({
      ok: true,
      value: { assetId: 'farm' },
    });
  });
  it('names the topic when it is unusable', () => {
    for (const t of ['xinzhi/v1/temp', 'xinzhi/v1/a//b', 'xinzhi/v1/a/b/', 'xinzhi/v1/a b/c']) {
      const r = parseTopic(t);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.issue).toMatchObject({ code: 'INGEST_BAD_TOPIC', where: t });
    }
  });
});

describe('parseMqttMessage', () => {
  it('accepts an object, an array and a bare number', () => {
    const one = msg('xinzhi/v1/s/boiler/temp', '{"ts":1700000000000,"value":71.5,"unit":"Cel"}');
    expect(one.quarantine).toEqual([]);
    expect(one.readings).toEqual([
      {
        seriesId: 's/boiler/temp',
        ts: 1700000000000,
        value: 71.5,
        unit: 'Cel',
        location: 'xinzhi/v1/s/boiler/temp',
        raw: '{"ts":1700000000000,"value":71.5,"unit":"Cel"}',
      },
    ]);
    const arr = msg('xinzhi/v1/s/p', '[{"ts":"2024-01-01T00:00:00Z","value":1},{"value":2}]');
    expect(arr.readings.map((r) => [r.ts, r.value, r.location])).toEqual([
      ['2024-01-01T00:00:00Z', 1, 'xinzhi/v1/s/p[0]'],
      [T, 2, 'xinzhi/v1/s/p[1]'],
    ]);
    expect(msg('xinzhi/v1/s/p', '42').readings).toMatchObject([{ ts: T, value: 42 }]);
  });

  it('quarantines unreadable payloads naming the topic, keeping the good items of an array', () => {
    const bad = msg('xinzhi/v1/s/p', 'hello');
    expect(bad.readings).toEqual([]);
    expect(bad.quarantine).toMatchObject([{ source: 'mqtt', location: 'xinzhi/v1/s/p', raw: 'hello' }]);
    expect(bad.quarantine[0]?.reasons[0]?.message).toContain('xinzhi/v1/s/p');
    const mixed = msg('xinzhi/v1/s/p', '[{"value":1},"x",{"ts":1},{"value":2,"unit":5}]');
    expect(mixed.readings.map((r) => r.value)).toEqual([1]);
    expect(mixed.quarantine.map((q) => q.reasons[0]?.where)).toEqual([
      'xinzhi/v1/s/p[1]',
      'xinzhi/v1/s/p[2].value',
      'xinzhi/v1/s/p[3].unit',
    ]);
    expect(msg('xinzhi/v1/p', '1').quarantine[0]?.reasons[0]?.code).toBe('INGEST_BAD_TOPIC');
  });

  it('never throws and accounts for every item, whatever the bytes (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.json().map((j) => Buffer.from(j)),
        ),
        (topic, payload) => {
          const r = parseMqttMessage(topic, payload, T);
          expect(r.readings.length + r.quarantine.length).toBeGreaterThanOrEqual(0);
          for (const q of r.quarantine) {
            expect(q.location).toBe(topic);
            expect(q.reasons.length).toBeGreaterThan(0);
          }
          for (const x of r.readings) expect(x.location.startsWith(topic)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('quarantines a payload nested deeper than jsonDepth before parsing it (C1)', () => {
    const r = msg('xinzhi/v1/a/b', `${'['.repeat(6000)}${']'.repeat(6000)}`);
    expect(r.readings).toEqual([]);
    expect(r.quarantine[0]?.reasons[0]).toMatchObject({
      code: 'INGEST_LIMIT_EXCEEDED',
      where: 'xinzhi/v1/a/b',
    });
    expect(r.quarantine[0]?.reasons[0]?.message).toContain('deeper than 32 levels');
    // Brackets inside strings do not count.
    expect(msg('xinzhi/v1/a/b', JSON.stringify({ value: 1, unit: '['.repeat(100) })).quarantine).toEqual([]);
    // An item at the limit is read, and its raw text (built lazily) does not throw.
    const deep = msg('xinzhi/v1/a/b', `[${'['.repeat(30)}${']'.repeat(30)}]`);
    expect(deep.quarantine[0]?.reasons[0]?.code).toBe('INGEST_BAD_PAYLOAD');
  });

  it('quarantines payloads over mqttPayloadBytes and invalid UTF-8, naming the limit or the encoding', () => {
    const big = parseMqttMessage('xinzhi/v1/a/b', Buffer.from('1'.repeat(2000)), T, {
      limits: { jsonDepth: 32, mqttPayloadBytes: 1000 },
    });
    expect(big.quarantine[0]?.reasons[0]?.message).toContain('mqttPayloadBytes');
    const bad = parseMqttMessage('xinzhi/v1/a/b', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), T);
    expect(bad.quarantine[0]?.reasons[0]?.message).toContain('not valid UTF-8');
    const topic = parseTopic(Buffer.from([0x61, 0x2f, 0xff, 0x2f, 0x62]).toString('utf8'), '');
    expect(topic.ok).toBe(false);
    if (!topic.ok) expect(topic.issue.message).toContain('not valid UTF-8');
  });

  it('turns any exception into a quarantine row naming the topic', () => {
    const payload = new Proxy(Buffer.from('1'), {
      get(target, prop) {
        if (prop === 'byteLength') throw new Error('boom');
        return Reflect.get(target, prop);
      },
    });
    const r = parseMqttMessage('xinzhi/v1/a/b', payload, T);
    expect(r.readings).toEqual([]);
    expect(r.quarantine[0]?.reasons[0]?.message).toContain(
      "message on 'xinzhi/v1/a/b' could not be read: boom",
    );
  });
});
