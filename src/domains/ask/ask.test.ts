import { describe, expect, it } from 'vitest';
import { isXinzhiError } from '../../core/index.js';
import { tinyAddressModel } from './address.fixture.js';
import { enAddressParts, zhAddressParts } from './address.js';
import { MAX_INSTRUCTION_CHARS, parseInstruction } from './parse.js';
import { scoreOne } from './score.js';
import { crfAddressTagger } from './tagger.js';
import { parseNumber } from './text.js';
import { parseNow, timeWindow } from './time-window.js';

const SAT = '2026-12-05T09:30:00+08:00';
const tagger = crfAddressTagger(tinyAddressModel());
const ask = (text: string, now = SAT) => parseInstruction(text, { now, addressTagger: tagger }).result;
const win = (text: string, now = SAT, lang: 'zh' | 'en' = 'zh') => {
  const n = parseNow(now);
  if (!n) throw new Error('bad now');
  return timeWindow(text, n, lang).window;
};

describe('numerals', () => {
  it('reads Chinese, mixed and full-width forms', () => {
    expect(parseNumber('三十')).toBe(30);
    expect(parseNumber('两')).toBe(2);
    expect(parseNumber('俩')).toBe(2);
    expect(parseNumber('一千五百')).toBe(1500);
    expect(parseNumber('一千五')).toBe(1500);
    expect(parseNumber('一百零五')).toBe(105);
    expect(parseNumber('两万')).toBe(20000);
    expect(parseNumber('3万')).toBe(30000);
    expect(parseNumber('1.5')).toBe(1.5);
    expect(parseNumber('十二')).toBe(12);
    expect(parseNumber('abc')).toBeUndefined();
  });
});

describe('time windows (contract conventions)', () => {
  it('parts of the day, deadlines, around, ASAP', () => {
    expect(win('明天上午')).toEqual({ start: '2026-12-06T08:00:00+08:00', end: '2026-12-06T12:00:00+08:00' });
    expect(win('下午三点左右')).toEqual({
      start: '2026-12-05T14:30:00+08:00',
      end: '2026-12-05T15:30:00+08:00',
    });
    expect(win('明天上午10点前')).toEqual({ start: null, end: '2026-12-06T10:00:00+08:00' });
    expect(win('今晚之前')).toEqual({ start: null, end: '2026-12-05T18:00:00+08:00' });
    expect(win('月底前')).toEqual({ start: null, end: '2027-01-01T00:00:00+08:00' });
    expect(win('尽快')).toEqual({ start: '2026-12-05T09:30:00+08:00', end: null });
    expect(win('明天')).toEqual({ start: '2026-12-06T00:00:00+08:00', end: '2026-12-07T00:00:00+08:00' });
    expect(win('10点半')).toEqual({ start: '2026-12-05T10:30:00+08:00', end: '2026-12-05T10:30:00+08:00' });
  });
  it('weekdays: this week, next week, and today only while the window is ahead', () => {
    const mon = '2026-12-07T14:10:00+08:00';
    expect(win('这周五之前', mon)).toEqual({ start: null, end: '2026-12-12T00:00:00+08:00' });
    expect(win('下周四', '2026-12-13T20:00:00+08:00').start).toBe('2026-12-17T00:00:00+08:00');
    // Saturday 09:30: 周六上午 (ends 12:00) is today, 周六早上 (ends 09:00) is next week
    expect(win('周六上午').start).toBe('2026-12-05T08:00:00+08:00');
    expect(win('周六早上').start).toBe('2026-12-12T06:00:00+08:00');
  });
  it('English: tmrw, by 4pm Friday, bare hours, overnight, holidays', () => {
    const tue = '2026-12-08T07:45:00+11:00';
    expect(win('tmrw morning', tue, 'en')).toEqual({
      start: '2026-12-09T08:00:00+11:00',
      end: '2026-12-09T12:00:00+11:00',
    });
    expect(win('by 4pm friday', tue, 'en')).toEqual({ start: null, end: '2026-12-11T16:00:00+11:00' });
    expect(win('gone by 3', tue, 'en').end).toBe('2026-12-08T15:00:00+11:00');
    expect(win('overnight', tue, 'en')).toEqual({
      start: '2026-12-08T22:00:00+11:00',
      end: '2026-12-09T06:00:00+11:00',
    });
    expect(win('by christmas eve', tue, 'en').end).toBe('2026-12-25T00:00:00+11:00');
  });
  it('names a weekday that contradicts the date', () => {
    const n = parseNow('2026-12-07T14:10:00+08:00');
    expect(n && timeWindow('周五（12月12日）', n, 'zh').contradiction).toBeTruthy();
  });
});

describe('addresses', () => {
  it('maps the CRF entities onto the contract parts', () => {
    const a = zhAddressParts('杭州市西湖区文三路478号华星时代广场A座3楼', tagger);
    expect(a).toMatchObject({
      city: '杭州市',
      district: '西湖区',
      road: '文三路',
      roadno: '478号',
      building: 'A座',
      floor: '3楼',
    });
  });
  it('puts municipalities in city and keeps full-width text as written in text', () => {
    const fake = (s: string) => [
      { type: 'prov', from: 0, to: 3 },
      { type: 'district', from: 3, to: s.length },
    ];
    expect(zhAddressParts('上海市浦东新区', fake)).toEqual({
      text: '上海市浦东新区',
      city: '上海市',
      district: '浦东新区',
    });
  });
  it('splits a city labelled together with its district (苏州市工业园区)', () => {
    const fake = () => [
      { type: 'devzone', from: 0, to: 7 },
      { type: 'road', from: 7, to: 10 },
    ];
    expect(zhAddressParts('苏州市工业园区星湖街', fake)).toEqual({
      text: '苏州市工业园区星湖街',
      city: '苏州市',
      district: '工业园区',
      road: '星湖街',
    });
  });
  it('splits English addresses', () => {
    expect(enAddressParts('Unit 4, 88 Parramatta Road, Camperdown NSW 2050')).toEqual({
      text: 'Unit 4, 88 Parramatta Road, Camperdown NSW 2050',
      city: 'Camperdown',
      road: 'Parramatta Road',
      roadno: '88',
      room: 'Unit 4',
      state: 'NSW',
      postcode: '2050',
    });
  });
});

describe('parseInstruction', () => {
  it('turns the issue example into an order', () => {
    const r = ask('明天上午10点前把20箱牛奶送到杭州市西湖区文三路478号华星时代广场A座3楼，王先生13800138000');
    expect(r).toMatchObject({
      kind: 'delivery',
      action: 'create',
      items: [{ goods: '牛奶', quantity: 20, unit: '箱' }],
      window: { start: null, end: '2026-12-06T10:00:00+08:00' },
      contact: { name: '王先生', phone: '13800138000' },
    });
    expect(r.kind === 'delivery' && r.address?.text).toBe('杭州市西湖区文三路478号华星时代广场A座3楼');
  });
  it('reads full-width digits and measure units', () => {
    const r = ask('尽快送３箱打印纸和５吨水泥到宁波市鄞州区天童南路588号');
    expect(r.kind === 'delivery' && r.items).toEqual([
      { goods: '打印纸', quantity: 3, unit: '箱' },
      { goods: '水泥', quantity: 5, unit: 't' },
    ]);
  });
  it('English order with contact and cancel', () => {
    const r = ask(
      'Deliver 20 cases of milk to 12 Smith St, Richmond VIC 3121 by 4pm Friday, contact Mike 0412 345 678',
      '2026-12-08T07:45:00+11:00',
    );
    expect(r).toMatchObject({
      kind: 'delivery',
      items: [{ goods: 'milk', quantity: 20, unit: 'case' }],
      contact: { name: 'Mike', phone: '0412345678' },
    });
    expect(ask('Cancel order #A1234')).toEqual({
      kind: 'delivery',
      items: null,
      address: null,
      window: null,
      contact: null,
      action: 'cancel',
      target: 'order #A1234',
    });
  });
  it('contract examples: ASAP with a deadline, a bare hour, a role as contact', () => {
    const thu = '2026-12-10T08:00:00-05:00';
    expect(
      ask('ASAP, event starts at noon: 40 cases of water to 1 Main St, Boston MA 02108', thu),
    ).toMatchObject({
      items: [{ goods: 'water', quantity: 40, unit: 'case' }],
      window: { start: '2026-12-10T08:00:00-05:00', end: '2026-12-10T12:00:00-05:00' },
    });
    expect(ask('Need 2 pallets of kegs gone by 3 to 5 Beach Road, Noosa QLD 4567', thu)).toMatchObject({
      items: [{ goods: 'kegs', quantity: 2, unit: 'pallet' }],
      window: { start: null, end: '2026-12-10T15:00:00-05:00' },
    });
    expect(ask('今天之内送俩空调到杭州市西湖区文三路478号，前台')).toMatchObject({
      contact: { name: '前台', phone: null },
      window: { start: null, end: '2026-12-06T00:00:00+08:00' },
    });
  });
  it('field operations, classified by purpose', () => {
    expect(ask('5号大棚番茄明早喷叶面肥磷酸二氢钾，每亩100克')).toMatchObject({
      kind: 'field_op',
      operation: 'fertilise',
      field: '5号大棚',
      crop: '番茄',
      rate: { value: 100, unit: 'g/亩' },
    });
    expect(ask('今天下午用无人机给东区玉米地打吡虫啉，每亩30毫升，风力三级以下再飞')).toMatchObject({
      operation: 'spray',
      field: '东区玉米地',
      product: '吡虫啉',
      machine: '无人机',
      conditions: ['wind<=3级'],
    });
  });
  it('English field words: put urea, inches of water, a machine word is no product, tomorrow night', () => {
    const tue = '2026-12-08T07:45:00+11:00';
    expect(ask('Put urea on field 7 wheat at 80 kg/ha before rain on Friday', tue)).toMatchObject({
      operation: 'fertilise',
      product: 'urea',
      conditions: ['no_rain'],
    });
    expect(ask('Irrigate pivot 3 soybeans 1.5 inches tomorrow night', tue)).toMatchObject({
      amount: { value: 38.1, unit: 'mm' },
      window: { start: '2026-12-09T18:00:00+11:00', end: '2026-12-09T22:00:00+11:00' },
    });
    expect(ask('Drill wheat into paddock 9 at 90 kg/ha with the air seeder on Thursday', tue)).toMatchObject({
      operation: 'sow',
      product: null,
      machine: 'air seeder',
    });
  });
  it('names what is missing instead of guessing', () => {
    expect(ask('明天上午送20箱牛奶')).toMatchObject({
      kind: 'invalid',
      missing: ['address'],
      issue: 'missing_field',
    });
    expect(ask('今天天气不错')).toMatchObject({ kind: 'invalid', issue: 'not_instruction' });
    expect(ask('Привет, как дела?')).toMatchObject({ kind: 'invalid', issue: 'not_instruction' });
    expect(
      ask('周五（12月12日）送10箱水到杭州市西湖区文三路100号', '2026-12-07T14:10:00+08:00'),
    ).toMatchObject({ kind: 'invalid', missing: ['time'], issue: 'contradictory_time' });
  });
  it('refuses malformed input with BAD_INPUT errors, never a crash', () => {
    for (const bad of ['', '   ', 'a'.repeat(MAX_INSTRUCTION_CHARS + 1), 'abc\u0000def', '\ud800x']) {
      let err: unknown;
      try {
        ask(bad);
      } catch (e) {
        err = e;
      }
      expect(isXinzhiError(err) && err.code).toBe('BAD_INPUT');
    }
    expect(() => parseInstruction('送10箱水', { now: 'tomorrow' })).toThrow(/now must be ISO 8601/);
    expect(() => parseInstruction('送10箱水', { now: '2026-02-30T10:00:00+08:00' })).toThrow(/now/);
  });
  it('stays fast on long, repetitive input at the length limit', () => {
    const long = '送10箱水到'.repeat(Math.floor(MAX_INSTRUCTION_CHARS / 6));
    const r = ask(long.slice(0, MAX_INSTRUCTION_CHARS));
    expect(r.kind).toBeDefined();
    const en = 'deliver 1 case to 1 Main St, '.repeat(60).slice(0, MAX_INSTRUCTION_CHARS);
    expect(ask(en, '2026-12-08T07:45:00+11:00').kind).toBeDefined();
  });
});

describe('scoreOne', () => {
  it('counts every expected field wrong when the kind is wrong, and compares missing as a set', () => {
    const exp = { kind: 'invalid', missing: ['quantity', 'address'], issue: 'missing_field' };
    expect(
      scoreOne(exp, {
        kind: 'invalid',
        missing: ['address', 'quantity'],
        issue: 'missing_field',
        reason: 'x',
      }).every((s) => s.right),
    ).toBe(true);
    expect(scoreOne(exp, { kind: 'delivery' }).some((s) => s.right)).toBe(false);
  });
});

describe('the contract schema', () => {
  it('describes the answer to every instruction of the labelled set', async () => {
    const { readFileSync } = await import('node:fs');
    const { AskResultSchema } = await import('./types.js');
    const lines = readFileSync(new URL('../../../eval/ask/instructions.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThanOrEqual(150);
    for (const line of lines) {
      const row = JSON.parse(line) as { id: string; text: string; now: string };
      const strict = (v: unknown) => AskResultSchema.safeParse(v);
      const got = strict(ask(row.text, row.now));
      expect(got.success, `${row.id} output: ${got.error?.message}`).toBe(true);
    }
  });
});
