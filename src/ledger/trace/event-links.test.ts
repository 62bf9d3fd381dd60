import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchmarkPath } from '../../core/benchmark-data.fixture.js';
import { eventLinks, eventTimeMs } from './event-links.js';
import { ROLE, traceKey } from './roles.js';

const dir = benchmarkPath('epcis');
const have = existsSync(dir);
if (!have) console.warn(`skipping GS1 EPCIS examples: ${dir} not found (set XINZHI_BENCHMARKS)`);
const events = (file: string) =>
  (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { epcisBody: { eventList: unknown[] } }).epcisBody
    .eventList;

describe('event links', () => {
  it.skipIf(!have)('GS1 example 9.6.4: inputs and outputs of a transformation, with lot quantities', () => {
    const links = eventLinks(events('Example_9.6.4-TransformationEvent.jsonld')[0]);
    expect(links.filter((l) => l.role === ROLE.input)).toHaveLength(5);
    expect(links.filter((l) => l.role === ROLE.output)).toHaveLength(4);
    expect(links).toContainEqual({
      key: traceKey('urn:epc:class:lgtin:4012345.011111.4444'),
      role: ROLE.input,
      quantity: 10,
      uom: 'KGM',
    });
    expect(traceKey('urn:epc:class:lgtin:4012345.011111.4444')).toBe(
      'https://id.gs1.org/01/04012345111118/10/4444',
    );
  });

  it.skipIf(!have)('GS1 example 9.6.3: a pallet and what was packed onto it', () => {
    const links = eventLinks(events('Example_9.6.3-AggregationEvent.jsonld')[0]);
    expect(links.filter((l) => l.role === ROLE.parent)).toHaveLength(1);
    expect(links.filter((l) => l.role === ROLE.child).length).toBeGreaterThan(0);
  });

  it.skipIf(!have)(
    'every GS1 example yields links without throwing; a declaration retracts its event id',
    () => {
      const files = [
        'Example_9.6.1-ObjectEvent.jsonld',
        'Example_9.6.1-ObjectEventWithDigitalLink.jsonld',
        'Example-TransactionEvents-2020_07_03y.jsonld',
        'AssociationEvent-a.jsonld',
        'SensorDataExample1.jsonld',
        'ErrorDeclarationAndCorrectiveEvent.jsonld',
        'object_event_all_possible_fields.jsonld',
        'transformation_event_all_possible_fields.jsonld',
      ];
      for (const f of files) for (const e of events(f)) expect(Array.isArray(eventLinks(e))).toBe(true);
      const declared = events('ErrorDeclarationAndCorrectiveEvent.jsonld').flatMap(eventLinks);
      expect(declared.some((l) => l.role === ROLE.retracts)).toBe(true);
    },
  );

  it('skips what is not an EPCIS list and never throws on hostile shapes', () => {
    for (const bad of [
      null,
      3,
      'x',
      [],
      { type: 'ObjectEvent', epcList: 'x' },
      { type: 'TransformationEvent', inputQuantityList: [null, 1, { epcClass: 5 }] },
    ])
      expect(eventLinks(bad)).toEqual([]);
    expect(eventLinks({ type: 'ObjectEvent', epcList: ['a'.repeat(600), 'ok'] })).toEqual([
      { key: 'ok', role: ROLE.object },
    ]);
    expect(eventTimeMs({ eventTime: 'not a date' })).toBeNaN();
  });
});
