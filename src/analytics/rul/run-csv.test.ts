import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cycleModelEstimator } from './live.js';
import { predictRul, trainRulModel } from './model.js';
import { constantColumns, parseRunCsv, runCsvTrainOptions, selectColumns } from './run-csv.js';
import { syntheticRunCsv } from './synthetic.fixture.js';

const parsed = (text: string, opts = {}) => {
  const r = parseRunCsv(text, 'f.csv', opts);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.where}: ${i.message}`).join('; '));
  return r.value;
};
const issues = (text: string, opts = {}) => {
  const r = parseRunCsv(text, 'f.csv', opts);
  if (r.ok) throw new Error('expected issues');
  return r.issues;
};

describe('parseRunCsv', () => {
  it('groups interleaved rows by unit; numeric ids in numeric order', () => {
    const d = parsed('Engine,Cycles,T30,P15\n10,1,1.5,7\n2,1,1.6,8\n10,2,1.7,9\n2,2,1.8,10\n2,3,1.9,11\n');
    expect(d.unitColumn).toBe('Engine');
    expect(d.cycleColumn).toBe('Cycles');
    expect(d.sensorColumns).toEqual(['T30', 'P15']);
    expect(d.rows).toBe(5);
    expect(d.engines.map((e) => e.unit)).toEqual([2, 10]);
    expect(d.engines[0]?.id).toBeUndefined();
    expect([...d.engines[0]!.cycles]).toEqual([1, 2, 3]);
    expect([...d.engines[0]!.sensors[1]!]).toEqual([8, 10, 11]);
    expect(d.engines[0]?.settings).toEqual([]);
  });

  it('keeps text ids in order of appearance; reads semicolons, a BOM and CRLF', () => {
    const d = parsed('\uFEFFunit_id;time;a;b\r\nPump B;0.5;1;2\r\nPump A;0.5;3;4\r\nPump B;1.0;5;6\r\n');
    expect(d.engines.map((e) => [e.unit, e.id])).toEqual([
      [1, 'Pump B'],
      [2, 'Pump A'],
    ]);
    expect([...d.engines[0]!.cycles]).toEqual([0.5, 1]);
  });

  it('reads the sensors asked for in that order, and names the missing ones', () => {
    const text = 'unit,cycle,a,b,c,note\n1,1,1,2,3,ok\n';
    const d = parsed(text, { sensors: ['c', 'a'] });
    expect(d.sensorColumns).toEqual(['c', 'a']);
    expect(d.engines[0]!.sensors.map((s) => s[0])).toEqual([3, 1]);
    expect(issues(text, { sensors: ['a', 'x', 'y'] })[0]?.message).toMatch(
      /missing sensor column\(s\) 'x', 'y'/,
    );
    expect(issues(text, { sensors: ['unit'] })[0]?.message).toMatch(/is the unit or cycle column/);
    expect(issues(text, { sensors: ['a', 'b', 'a'] })[0]?.message).toMatch(/'a' is listed twice/);
  });

  it('finds columns by common names, or as told; lists the header when it cannot', () => {
    expect(parsed('machine,t,x\nm1,1,2\n').unitColumn).toBe('machine');
    expect(parsed('ID,Time_Cycles,x\n1,1,2\n').cycleColumn).toBe('Time_Cycles');
    const told = parsed('pump,hours,x\np,1,2\n', { unitColumn: 'pump', cycleColumn: 'hours' });
    expect([told.unitColumn, told.cycleColumn]).toEqual(['pump', 'hours']);
    // A model's own unit and cycle columns come first, then the common names.
    const prefer = { unit: 'pump', cycle: 'hours' };
    expect(parsed('unit,pump,hours,x\n1,p,1,2\n', { prefer }).unitColumn).toBe('pump');
    expect(parsed('unit,cycle,x\n1,1,2\n', { prefer }).unitColumn).toBe('unit');
    expect(issues('pump,hours,x\np,1,2\n')[0]?.message).toMatch(
      /no unit column: the header is 'pump', 'hours', 'x'; name it one of unit, .* or give --unit-col/,
    );
    expect(issues('unit,hours,x\np,1,2\n', { cycleColumn: 'hrs' })[0]?.message).toMatch(
      /no column 'hrs' \(--cycle-col\)/,
    );
    expect(issues('unit,cycle\n1,1\n')[0]?.message).toMatch(/no sensor columns/);
    expect(issues('unit,cycle,a,a\n1,1,2,3\n')[0]?.message).toMatch(/'a' appears twice/);
    expect(issues('unit,cycle,,a\n1,1,2,3\n')[0]?.message).toMatch(/empty column name/);
    expect(issues('unit,x\n1,1\n', { cycleColumn: 'unit' })[0]?.message).toMatch(
      /both the unit and the cycle/,
    );
  });

  it('lists every bad row with its line and column, at most 50', () => {
    const text = 'unit,cycle,temp\n1,1,20\n\n1,x,21\n,3,22\n1,4,\n1,4,23\n1,5,20,9\n';
    expect(issues(text).map((i) => [i.where, i.message])).toEqual([
      ['f.csv:4', "column 'cycle' (cycle) is not a number: 'x'"],
      ['f.csv:5', "column 'unit' (unit) is empty"],
      ['f.csv:6', "column 'temp' is not a number: ''"],
      ['f.csv:8', '4 cells for 3 columns'],
    ]);
    const back = issues('unit,cycle,temp\n1,1,20\n1,2,21\n1,2,22\n');
    expect(back[0]).toMatchObject({
      where: 'f.csv:4',
      message: expect.stringMatching(/cycle 2 of unit '1' does not follow cycle 2/),
    });
    const many = `unit,cycle,temp\n${Array.from({ length: 200 }, (_, i) => `1,${i + 1},hot`).join('\n')}\n`;
    expect(issues(many)).toHaveLength(50);
    expect(issues('')[0]?.message).toMatch(/the file is empty/);
    expect(issues('unit,cycle,temp\n')[0]?.message).toMatch(/no data rows/);
    expect(
      issues(`unit,cycle,${Array.from({ length: 2001 }, (_, i) => `s${i}`).join(',')}\n`)[0]?.message,
    ).toMatch(/2003 columns; at most 2000/);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        expect(typeof parseRunCsv(`unit,cycle,a\n${s}`).ok).toBe('boolean');
        expect(typeof parseRunCsv(s).ok).toBe('boolean');
      }),
    );
  });
});

describe('CSV training options', () => {
  it('holds out every fifth unit (the last of fewer than five) and caps at 60 % of the median run', () => {
    const rows = (units: number, life: (u: number) => number) =>
      `unit,cycle,a,k\n${Array.from({ length: units }, (_, u) =>
        Array.from({ length: life(u) }, (_, c) => `${u + 1},${c + 1},${c * (u + 1)},7`).join('\n'),
      ).join('\n')}\n`;
    const ten = parsed(rows(10, (u) => 100 + 10 * u));
    const o = runCsvTrainOptions(ten);
    expect(ten.engines.filter((e) => o.isValidation(e.unit)).map((e) => e.unit)).toEqual([5, 10]);
    // Lives 99…189 cycles after the first: the median (index 5) is 149.
    expect(o.cap).toBe(Math.round(0.6 * 149));
    expect(runCsvTrainOptions(ten, 50).cap).toBe(50);
    const three = parsed(rows(3, () => 40));
    expect(
      three.engines.filter((e) => runCsvTrainOptions(three).isValidation(e.unit)).map((e) => e.unit),
    ).toEqual([3]);
    expect(constantColumns(ten)).toEqual(['k']);
    expect(selectColumns(ten, ['a']).engines[1]!.sensors).toHaveLength(1);
  });

  it('trains on named columns, predicts in cycle units, and the live estimator takes the columns by name', async () => {
    const data = parsed(syntheticRunCsv({ units: 12, seed: 3 }).text);
    const keep = data.sensorColumns.filter((c) => !constantColumns(data).includes(c));
    const d = selectColumns(data, keep);
    const { model } = await trainRulModel(d.engines, { ...runCsvTrainOptions(d), gbdt: { rounds: 20 } });
    expect(model.columns).toEqual(['temp_out', 'pressure', 'vibration', 'flow', 'ambient']);
    expect(model.featureNames.slice(0, 2)).toEqual(['temp_out_last', 'temp_out_ewma0.3']);
    const est = cycleModelEstimator(model);
    expect(est.features).toEqual(model.columns);
    const e = d.engines[0]!;
    let last = null;
    for (let t = 0; t < 50; t++)
      last = est.update(t, Object.fromEntries(keep.map((c, k) => [c, e.sensors[k]![t]!])));
    const prefix = { ...e, cycles: e.cycles.slice(0, 50), sensors: e.sensors.map((s) => s.slice(0, 50)) };
    expect(last?.rul).toBe(predictRul(model, [prefix])[0]?.rul);
    expect(est.update(51, { temp_out: 1 })).toBeNull();
  });
});
