import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benchmarkPath } from '../../core/benchmark-data.fixture.js';
import {
  canonicalJson,
  epcToDigitalLink,
  eventHashId,
  eventPreHash,
  gs1CheckDigit,
  parseEpcis,
  parseEpcisText,
} from './index.js';

const dir = benchmarkPath('epcis');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jsonld')) : [];
if (files.length === 0) console.warn(`skipping EPCIS examples: ${dir} not found (set XINZHI_BENCHMARKS)`);

describe.skipIf(files.length === 0)('GS1 EPCIS 2.0 examples (benchmarks/epcis)', () => {
  it.each(files)('%s is accepted, round-trips and hashes', (f) => {
    const text = readFileSync(resolve(dir, f), 'utf8');
    const original = JSON.parse(text);
    const r = parseEpcisText(text);
    expect(r.ok ? [] : r.issues).toEqual([]);
    if (!r.ok) return;
    expect(r.value.events).toEqual(original.epcisBody.eventList);
    for (const e of r.value.events) {
      const again = parseEpcis(JSON.parse(canonicalJson(e)));
      expect(again.ok && again.value.events[0]).toEqual(e);
      const h = eventHashId(e, r.value.context);
      expect(h.id).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
      expect(eventHashId(JSON.parse(canonicalJson(e)), r.value.context).id).toBe(h.id);
    }
  });

  it('covers all five event types', () => {
    const types = new Set(
      files.flatMap((f) =>
        JSON.parse(readFileSync(resolve(dir, f), 'utf8')).epcisBody.eventList.map(
          (e: { type: string }) => e.type,
        ),
      ),
    );
    expect([...types].sort()).toEqual([
      'AggregationEvent',
      'AssociationEvent',
      'ObjectEvent',
      'TransactionEvent',
      'TransformationEvent',
    ]);
  });
});

const base = {
  type: 'ObjectEvent',
  eventTime: '2005-04-03T20:33:31.116-06:00',
  eventTimeZoneOffset: '-06:00',
  epcList: ['urn:epc:id:sgtin:0614141.107346.2018', 'urn:epc:id:sgtin:0614141.107346.2017'],
  action: 'OBSERVE',
  bizStep: 'shipping',
  readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1234' },
  quantityList: [{ epcClass: 'urn:epc:class:lgtin:4012345.012345.998877', quantity: 200, uom: 'KGM' }],
};

describe('event hash ID (CBV 2.0)', () => {
  it('builds the pre-hash string in canonical order with Digital Links and CBV web URIs', () => {
    expect(eventPreHash(base)).toBe(
      'eventType=ObjectEventeventTime=2005-04-04T02:33:31.116ZeventTimeZoneOffset=-06:00' +
        'epcListepc=https://id.gs1.org/01/10614141073464/21/2017epc=https://id.gs1.org/01/10614141073464/21/2018' +
        'quantityListquantityElementepcClass=https://id.gs1.org/01/04012345123456/10/998877quantity=200uom=KGM' +
        'action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-shipping' +
        'readPointid=https://id.gs1.org/414/0614141073467/254/1234',
    );
  });

  it('ignores key order, list order, zone notation, eventID and errorDeclaration; sees any value change', () => {
    const id = eventHashId(base).id;
    const shuffled = {
      readPoint: base.readPoint,
      action: 'OBSERVE',
      epcList: [...base.epcList].reverse(),
      eventTime: '2005-04-04T02:33:31.116Z',
      eventTimeZoneOffset: '-06:00',
      bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
      type: 'ObjectEvent',
      quantityList: base.quantityList,
      eventID: 'urn:uuid:1',
      errorDeclaration: { declarationTime: '2006-01-01T00:00:00Z', reason: 'incorrect_data' },
    };
    expect(eventHashId(shuffled).id).toBe(id);
    expect(eventHashId({ ...base, bizStep: 'receiving' }).id).not.toBe(id);
    expect(eventHashId({ ...base, 'example:x': '1' }, { example: 'https://ex.org/' }).preHash).toContain(
      '{https://ex.org/}x=1',
    );
  });

  it('computes GS1 check digits', () => {
    expect(gs1CheckDigit('061414107346')).toBe('7');
    expect(epcToDigitalLink('urn:epc:id:sscc:0614141.1234567890')).toBe(
      'https://id.gs1.org/00/106141412345678908',
    );
    expect(epcToDigitalLink('urn:epc:id:unknown:1.2')).toBeUndefined();
  });
});

describe('malformed events are rejected with the field named', () => {
  it('names missing and invalid fields', () => {
    const r = parseEpcis({ ...base, eventTime: 'yesterday', action: 'JUMP' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.where).sort()).toEqual(['action', 'eventTime']);
    const d = parseEpcis({
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2020-01-01T00:00:00Z',
      epcisBody: { eventList: [base, { type: 'Nope' }] },
    });
    expect(!d.ok && d.issues[0]!.where).toBe('epcisBody.eventList[1].type');
    expect(parseEpcisText('{').ok).toBe(false);
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = parseEpcis(v);
        if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
