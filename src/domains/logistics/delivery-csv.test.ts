import { describe, expect, it } from 'vitest';
import type { Issue, Result } from '../../core/index.js';
import { MAX_ORDERS, parseOrdersCsv, parseVansCsv, unitFactor } from './delivery-csv.js';
import { createPlanClock } from './plan-clock.js';

const clock = createPlanClock('2026-12-05', 'Asia/Shanghai');
/** 2026-12-05 local HH:MM in Shanghai (UTC+8) as UTC ms. */
const at = (h: number, m = 0): number => Date.UTC(2026, 11, 5, h - 8, m);
const orders = (text: string) => parseOrdersCsv(text, { file: 'orders.csv', clock });
const vans = (text: string) =>
  parseVansCsv(text, { file: 'vans.csv', clock, defaultStartMin: 8 * 60, defaultEndMin: 18 * 60 });
const problems = <T>(r: Result<T>): string[] =>
  r.ok ? [] : r.issues.map((i: Issue) => `${i.where}: ${i.message}`);

describe('parseOrdersCsv', () => {
  it('reads an English export with units, windows, a depot row and quoted names', () => {
    const r = orders(
      'Order ID,Customer,Latitude,Longitude,Weight (kg),Earliest,Latest,Service Time\n' +
        'depot,Warehouse,31.319,120.723,,,,\n' +
        'SO-1,"Li, Ming",31.33,120.70,120,09:00,11:30,10\n' +
        'SO-2,Chen,31.30,120.75,80.5,,,\n' +
        'SO-3,Wang,31.31,120.71,40,2026-12-05 13:00,2026-12-05T15:00+08:00,\n',
    );
    if (!r.ok) throw new Error(problems(r).join('\n'));
    expect(r.value.unit).toBe('kg');
    expect(r.value.depot).toEqual({ lat: 31.319, lon: 120.723, line: 2 });
    expect(r.value.orders).toEqual([
      {
        id: 'SO-1',
        name: 'Li, Ming',
        lat: 31.33,
        lon: 120.7,
        demand: 120,
        from: at(9),
        to: at(11, 30),
        serviceMin: 10,
        line: 3,
      },
      { id: 'SO-2', name: 'Chen', lat: 31.3, lon: 120.75, demand: 80.5, line: 4 },
      { id: 'SO-3', name: 'Wang', lat: 31.31, lon: 120.71, demand: 40, from: at(13), to: at(15), line: 5 },
    ]);
  });

  it('reads Chinese headers, a window cell and 12-hour times', () => {
    const r = orders(
      '订单号,客户名称,纬度,经度,重量(公斤),时间窗\nA1,张三,31.32,120.70,50,09:00-11:00\nA2,李四,31.31,120.72,30,1:30 PM~3:00 PM\n',
    );
    if (!r.ok) throw new Error(problems(r).join('\n'));
    expect(r.value.unit).toBe('公斤');
    expect(r.value.orders.map((o) => [o.id, o.name, o.from, o.to])).toEqual([
      ['A1', '张三', at(9), at(11)],
      ['A2', '李四', at(13, 30), at(15)],
    ]);
  });

  it('reads semicolon files with decimal commas and a unit in the cells', () => {
    const r = orders('id;lat;lng;qty\nx;52,52;13,40;12 kg\ny;52,50;13,42;3 kg\n');
    if (!r.ok) throw new Error(problems(r).join('\n'));
    expect(r.value.orders.map((o) => [o.lat, o.lon, o.demand])).toEqual([
      [52.52, 13.4, 12],
      [52.5, 13.42, 3],
    ]);
    expect(r.value.unit).toBe('kg');
  });

  it('names the missing columns, the accepted names and the header it found', () => {
    const r = orders('order,customer,address,weight\n1,A,Main St,3\n');
    expect(problems(r)).toEqual([
      expect.stringMatching(
        /^orders\.csv:1: no latitude column: name one of lat, latitude \(or 纬度\); the header has 'order', 'customer', 'address', 'weight'$/,
      ),
      expect.stringMatching(/^orders\.csv:1: no longitude column: name one of lon, lng, long, longitude/),
    ]);
    expect(problems(orders('id,lat,lon\n1,31,120\n'))[0]).toMatch(
      /no quantity column: name one of demand, qty, quantity, weight/,
    );
  });

  it('refuses an empty file, a header without rows and a file with only a depot', () => {
    expect(problems(orders(''))).toEqual(['orders.csv: the file is empty']);
    expect(problems(orders('\uFEFF \n\n'))).toEqual(['orders.csv: the file is empty']);
    expect(problems(orders('id,lat,lon,qty\n'))).toEqual(['orders.csv: no orders below the header']);
    expect(problems(orders('id,lat,lon,qty\ndepot,31,120,\n'))).toEqual([
      'orders.csv: no orders below the header (only a depot row)',
    ]);
  });

  it('lists every bad cell by line and column at once', () => {
    const r = orders(
      'id,lat,lon,qty,from,to\n' +
        'a,31.3,120.7,ten,,\n' + // 2: not a number
        'b,,120.7,5,,\n' + // 3: empty latitude
        'c,31.3,120.7,-4,,\n' + // 4: negative
        'd,31.3,120.7,5,11:00,09:00\n' + // 5: window ends before it starts
        'e,31.3,120.7,5,25:00,\n' + // 6: not a time
        'a,31.3,120.7,5,,\n' + // 7: duplicate id
        ',31.3,120.7,5,,\n' + // 8: empty id
        'f,31.3,120.7,9999999999,,\n', // 9: implausible
    );
    expect(problems(r)).toEqual([
      "orders.csv:2 qty: 'ten' is not a number",
      'orders.csv:3 lat: latitude is empty',
      'orders.csv:4 qty: quantity -4 is negative',
      'orders.csv:5 to: the window ends (09:00) before it starts (11:00)',
      "orders.csv:6 from: '25:00' is not a time (HH:MM, 9:30 AM or YYYY-MM-DD HH:MM)",
      "orders.csv:7 id: order id 'a' is also on line 2",
      'orders.csv:8 id: order id is empty',
      'orders.csv:9 qty: quantity 9999999999 is implausibly large',
    ]);
  });

  it('catches coordinates out of range, swapped columns and missing geocodes', () => {
    const r = orders(
      'id,lat,lon,qty\n' +
        'a,120.7,31.3,1\n' + // swapped: latitude out of range, longitude would fit
        'b,31.3,190,1\n' +
        'c,0,0,1\n',
    );
    expect(problems(r)).toEqual([
      "orders.csv:2 lat: latitude 120.7 is out of range (−90…90) and longitude 31.3 would fit: are 'lat' and 'lon' swapped?",
      'orders.csv:3 lon: longitude 190 is out of range (−180…180)',
      'orders.csv:4 lat: latitude and longitude are 0, 0 (a missing geocode?)',
    ]);
    // Berlin: 52.5, 13.4 swapped is 13.4, 52.5 (in range, but in the Indian Ocean far from the rest).
    const berlin = orders(
      'id,lat,lon,qty\na,52.52,13.40,1\nb,52.50,13.42,1\nc,13.41,52.51,1\nd,52.49,13.38,1\n',
    );
    expect(problems(berlin)).toEqual([
      expect.stringMatching(
        /^orders\.csv:4 lat: 13\.41, 52\.51 is \d+ km from the other orders; as 52\.51, 13\.41 it would be \d km: latitude and longitude look swapped$/,
      ),
    ]);
  });

  it('refuses two columns for one field, mixed units and a second depot', () => {
    expect(problems(orders('id,lat,latitude,lon,qty\na,1,1,1,1\n'))).toEqual([
      "orders.csv:1 latitude: columns 'lat' and 'latitude' both mean lat: keep one",
    ]);
    expect(problems(orders('id,lat,lon,qty\na,31.3,120.7,5 kg\nb,31.3,120.7,2 t\n'))[0]).toMatch(
      /quantities in different units \(kg, t\)/,
    );
    expect(
      problems(orders('id,lat,lon,qty\ndepot,31.3,120.7,\nWarehouse,31.3,120.7,\nb,31.3,120.7,2\n')),
    ).toEqual(['orders.csv:3: a second depot row (the first is line 2): one depot per plan']);
  });

  it('refuses more orders than one plan takes', () => {
    const rows = Array.from({ length: MAX_ORDERS + 1 }, (_, i) => `o${i},31.3,120.7,1`);
    expect(problems(orders(`id,lat,lon,qty\n${rows.join('\n')}\n`))).toEqual([
      `orders.csv: ${MAX_ORDERS + 1} rows: at most ${MAX_ORDERS} orders per plan`,
    ]);
  });

  it('refuses quoting that never closes', () => {
    expect(problems(orders('id,lat,lon,qty\n"a,31,120,1\n'))[0]).toMatch(/^orders\.csv: not valid CSV/);
  });
});

describe('parseVansCsv', () => {
  it('expands counts, reads shifts and a shared depot, defaults the rest', () => {
    const r = vans(
      'van,capacity (kg),count,shift_start,shift_end,depot_lat,depot_lon\nsmall,400,2,07:30,16:00,31.3,120.7\nbig,1200,,,,31.3,120.7\n',
    );
    if (!r.ok) throw new Error(problems(r).join('\n'));
    expect(r.value.unit).toBe('kg');
    expect(r.value.vans.map((v) => [v.id, v.capacity, v.shiftStart, v.shiftEnd, v.depot])).toEqual([
      ['small-1', 400, at(7, 30), at(16), { lat: 31.3, lon: 120.7 }],
      ['small-2', 400, at(7, 30), at(16), { lat: 31.3, lon: 120.7 }],
      ['big', 1200, at(8), at(18), { lat: 31.3, lon: 120.7 }],
    ]);
  });

  it('reads Chinese headers', () => {
    const r = vans('车牌号,载重(吨),数量\n苏E-12345,1.5,1\n');
    if (!r.ok) throw new Error(problems(r).join('\n'));
    expect(r.value.vans).toMatchObject([{ id: '苏E-12345', capacity: 1.5 }]);
    expect(r.value.unit).toBe('吨');
    expect(unitFactor('吨', 'kg')).toBe(1000);
    expect(unitFactor('kg', 'pcs')).toBeUndefined();
  });

  it('lists bad capacities, counts, shifts, duplicates and different depots', () => {
    const r = vans(
      'id,capacity,count,start,end,lat,lon\n' +
        'a,0,1,,,,\n' +
        'b,100,2.5,,,,\n' +
        'c,100,1,17:00,08:00,,\n' +
        'a,100,1,,,,\n' +
        'd,100,1,,,31.3,120.7\n' +
        'e,100,1,,,31.4,120.7\n',
    );
    expect(problems(r)).toEqual([
      'vans.csv:2 capacity: capacity 0 must be positive',
      'vans.csv:3 count: count 2.5 must be a whole number from 1 to 500',
      'vans.csv:4 end: the shift ends (08:00) before it starts (17:00)',
      "vans.csv:5 id: van id 'a' is also on line 2",
      'vans.csv:7 lat: vans d (line 6) and e (line 7) start from different depots: one depot per plan (plan each depot separately)',
    ]);
    expect(problems(vans('id,size\na,3\n'))[0]).toMatch(
      /^vans\.csv:1: no capacity column: name one of capacity, cap/,
    );
    expect(problems(vans(''))).toEqual(['vans.csv: the file is empty']);
    expect(problems(vans('id,capacity,count\na,10,100000\n'))[0]).toMatch(
      /count 100000 must be a whole number/,
    );
  });
});
