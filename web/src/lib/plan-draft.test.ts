import { describe, expect, it } from 'vitest';
import { EXAMPLE_PLAN } from '../../../src/domains/manufacturing/example-plan.js';
import { parsePlan } from '../../../src/domains/manufacturing/plan-schema.js';
import {
  addPeriod,
  draftFromPlan,
  type PlanDraft,
  planFromDraft,
  plantLines,
  removePeriod,
  shiftHoursPerDay,
  withPlantLines,
} from './plan-draft.js';

const example = (): PlanDraft => {
  const r = draftFromPlan(EXAMPLE_PLAN);
  if (!r.ok) throw new Error(r.error);
  return r.draft;
};

describe('plan draft', () => {
  it('round-trips the example plan into the same plan the server parses', () => {
    const d = example();
    expect(d.lines[0]?.hours).toEqual(['160', '160', '120', '160']);
    expect(d.lines[1]?.hours).toEqual(['120', '120', '120', '120']);
    const back = planFromDraft(d);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const a = parsePlan(back.plan);
    const b = parsePlan(EXAMPLE_PLAN);
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.value).toEqual(b.value);
  });

  it('names every bad cell and builds no plan', () => {
    const d = example();
    const chair = d.products[0];
    const l2 = d.lines[1];
    if (!chair || !l2) throw new Error('example changed');
    const bad: PlanDraft = {
      ...d,
      products: [{ ...chair, demand: ['120', 'abc', '-5', ''] }, ...d.products.slice(1)],
      lines: [d.lines[0]!, { ...l2, hours: ['120', '0x10', '120', '1e999'], overtimeHours: '1, 2' }],
      routings: [...d.routings, { product: 'stool', line: 'L9', hoursPerUnit: '0', costPerUnit: '' }],
    };
    const r = planFromDraft(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.table, p.row, p.column, p.code])).toEqual([
      ['demand', 'chair', 'W2', 'notNumber'],
      ['demand', 'chair', 'W3', 'negative'],
      ['demand', 'chair', 'W4', 'required'],
      ['hours', 'L2', 'W2', 'notNumber'],
      ['hours', 'L2', 'W4', 'notNumber'],
      ['lines', 'L2', 'overtimeHours', 'countMismatch'],
      ['routings', 'stool → L9', 'product', 'unknownProduct'],
      ['routings', 'stool → L9', 'line', 'unknownLine'],
      ['routings', 'stool → L9', 'hoursPerUnit', 'notPositive'],
    ]);
    expect(r.problems[0]?.key).toBe('demand.0.W2');
  });

  it('refuses duplicate and blank ids and demand no line can make', () => {
    const d = example();
    const r = planFromDraft({
      ...d,
      products: [...d.products, { ...d.products[0]!, id: 'chair' }, { ...d.products[0]!, id: ' ' }],
      routings: d.routings.filter((x) => x.product !== 'table'),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => `${p.table}:${p.row}:${p.code}`)).toEqual([
      'products:chair:duplicate',
      'products:#5:required',
      'demand:table:noRouting',
    ]);
  });

  it('rejects plan objects the tables cannot hold, with the reason', () => {
    expect(draftFromPlan('text')).toEqual({ ok: false, error: 'the plan is not a mapping of fields' });
    expect(draftFromPlan({ ...EXAMPLE_PLAN, periods: [] })).toMatchObject({ ok: false });
    expect(draftFromPlan({ ...EXAMPLE_PLAN, lines: [{ id: 'L1', hours: [1, 2] }] })).toEqual({
      ok: false,
      error: "hours of line 'L1' has 2 values for 4 periods",
    });
    expect(draftFromPlan({ ...EXAMPLE_PLAN, demand: { stool: [1, 1, 1, 1] } })).toEqual({
      ok: false,
      error: "demand for unknown product 'stool'",
    });
    // A wrong type inside a cell is kept as text, so the table can point at it.
    const r = draftFromPlan({ ...EXAMPLE_PLAN, demand: { ...EXAMPLE_PLAN.demand, chair: [1, 'x', 3, 4] } });
    expect(r.ok && r.draft.products[0]?.demand).toEqual(['1', 'x', '3', '4']);
  });

  it('adds and removes periods with their cells', () => {
    const d = addPeriod(example());
    expect(d.periods).toEqual(['W1', 'W2', 'W3', 'W4', 'W5']);
    expect(d.lines[0]?.hours.at(-1)).toBe('160');
    expect(d.products[0]?.demand.at(-1)).toBe('0');
    const e = removePeriod(d, 0);
    expect(e.periods).toEqual(['W2', 'W3', 'W4', 'W5']);
    expect(e.products[0]?.demand).toEqual(['140', '160', '150', '0']);
  });
});

describe('plant lines', () => {
  const tree = [
    {
      id: 'f1',
      kind: 'site',
      name: 'Factory 1',
      attributes: { shifts: '06:00-14:00, 14:00-22:00' },
      children: [
        {
          id: 'f1/a',
          kind: 'area',
          name: 'Assembly',
          attributes: {},
          children: [
            { id: 'f1/a/line1', kind: 'line', name: 'line1', attributes: {}, children: [] },
            { id: 'f1/a/line2', kind: 'line', name: 'Packing', attributes: {}, children: [] },
          ],
        },
      ],
    },
    {
      id: 'f2',
      kind: 'site',
      name: 'F2',
      attributes: {},
      children: [{ id: 'f2/line1', kind: 'line', name: 'x', attributes: {}, children: [] }],
    },
  ];

  it('reads shift hours, wrapping past midnight, and refuses nonsense', () => {
    expect(shiftHoursPerDay('06:00-14:00, 14:00-22:00')).toBe(16);
    expect(shiftHoursPerDay('22:00-06:00')).toBe(8);
    expect(shiftHoursPerDay('early')).toBeUndefined();
    expect(shiftHoursPerDay('00:00-23:00, 01:00-12:00')).toBeUndefined();
  });

  it('finds line assets with the site shifts and tells equal names apart', () => {
    const lines = plantLines(tree);
    expect(lines.map((l) => [l.id, l.hoursPerWeek])).toEqual([
      ['f1/a/line1', 112],
      ['line2', 112],
      ['f2/line1', undefined],
    ]);
  });

  it('puts plant lines in place of the plan lines, routings following', () => {
    const d = withPlantLines(example(), plantLines(tree.slice(0, 1)));
    expect(d.lines.map((l) => [l.id, l.name, l.hours[0], l.overtimeHours])).toEqual([
      ['line1', '', '112', '40'],
      ['line2', 'Packing', '112', ''],
    ]);
    expect(d.routings.map((r) => r.line)).toEqual(['line1', 'line2', 'line2', 'line1']);
    expect(planFromDraft(d).ok).toBe(true);
  });
});
