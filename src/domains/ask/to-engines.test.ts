import { describe, expect, it } from 'vitest';
import { gazetteerGeocoder, SUZHOU_GAZETTEER } from './geocoder.js';
import { deliveryToOrder, fieldOpToJob } from './to-engines.js';
import type { Delivery, FieldOp } from './types.js';

const geo = gazetteerGeocoder(SUZHOU_GAZETTEER);
const NOW = Date.parse('2026-12-05T09:30:00+08:00');
const order = (over: Partial<Delivery>): Delivery => ({
  kind: 'delivery',
  items: [{ goods: '水泥', quantity: 2, unit: 't' }],
  address: {
    text: '苏州市吴中区东吴北路1号',
    city: '苏州市',
    district: '吴中区',
    road: '东吴北路',
    roadno: '1号',
  },
  window: { start: null, end: '2026-12-06T10:00:00+08:00' },
  contact: null,
  action: 'create',
  ...over,
});

describe('geocoder', () => {
  it('matches road before district before city and refuses another city', async () => {
    expect(await geo.geocode({ text: '', city: '苏州市', road: '星湖街' })).toMatchObject({
      precision: 'road',
      matched: '星湖街',
    });
    expect(await geo.geocode({ text: '', city: '苏州市', district: '吴中区', road: '无名路' })).toMatchObject(
      { precision: 'district' },
    );
    expect(await geo.geocode({ text: '', city: '杭州市', road: '星湖街' })).toBeUndefined();
  });
});

describe('delivery → planner order', () => {
  it('converts measures to kg and opens a deadline-only window now', async () => {
    const r = await deliveryToOrder(order({}), geo, 'o1', NOW);
    expect(r.order).toMatchObject({ id: 'o1', demand: 2000, geocode: { precision: 'road' } });
    expect(r.order?.window).toEqual([NOW, Date.parse('2026-12-06T10:00:00+08:00')]);
    expect(r.explanation.join(' ')).toMatch(/deadline only/);
  });
  it('explains what it cannot place', async () => {
    const far = await deliveryToOrder(
      order({ address: { text: '北京市海淀区', city: '北京市', district: '海淀区' } }),
      geo,
      'o2',
      NOW,
    );
    expect(far.order).toBeUndefined();
    expect(far.explanation[0]).toMatch(/not in the gazetteer/);
    const cancel = await deliveryToOrder(order({ action: 'cancel', target: '订单X' }), geo, 'o3', NOW);
    expect(cancel.order).toBeUndefined();
  });
});

describe('field op → scheduler job', () => {
  const op: FieldOp = {
    kind: 'field_op',
    operation: 'spray',
    field: '3号地块',
    crop: '玉米',
    amount: null,
    product: '吡虫啉',
    rate: { value: 30, unit: 'mL/亩' },
    machine: '无人机',
    window: { start: '2026-12-06T00:00:00+08:00', end: '2026-12-07T00:00:00+08:00' },
    conditions: ['low_wind'],
  };
  it('gives the job type, dates (end exclusive) and assumed hours', () => {
    const r = fieldOpToJob(op, 'j1');
    expect(r.job).toEqual({
      id: 'j1',
      type: 'spray',
      field: '3号地块',
      hours: 4,
      earliest: '2026-12-06',
      latest: '2026-12-06',
    });
    expect(r.explanation.join(' ')).toMatch(/4 h assumed/);
  });
});
