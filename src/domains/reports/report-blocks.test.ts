import { describe, expect, it } from 'vitest';
import { chart, table } from './report-blocks.js';
import { text } from './report-doc.js';

describe('report blocks', () => {
  it('a table: columns from specs (text by default), `empty` only when given', () => {
    const t = table(
      'rul',
      text('RUL', '寿命'),
      [
        ['asset', text('Machine', '设备')],
        ['hi', text('Health index', '健康指数'), 'number', { decimals: 3 }],
      ],
      [['m1', 0.5]],
    );
    expect(JSON.stringify(t)).toBe(
      JSON.stringify({
        id: 'rul',
        title: { en: 'RUL', zh: '寿命' },
        columns: [
          { key: 'asset', label: { en: 'Machine', zh: '设备' }, kind: 'text' },
          { key: 'hi', label: { en: 'Health index', zh: '健康指数' }, kind: 'number', decimals: 3 },
        ],
        rows: [['m1', 0.5]],
      }),
    );
    expect(table('x', text('X', 'X'), [], [], text('None.', '无。')).empty).toEqual(text('None.', '无。'));
  });
  it('a chart names its table and keeps the extras of paths and stacks', () => {
    expect(chart('path', text('Routes', '路线'), 'pts', 'lon', ['lat'], { group: 'van' })).toEqual({
      title: text('Routes', '路线'),
      kind: 'path',
      table: 'pts',
      x: 'lon',
      y: ['lat'],
      group: 'van',
    });
  });
});
