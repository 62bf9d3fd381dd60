import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Choice, type ChoiceProps } from './choice.js';

const html = <V extends string>(props: ChoiceProps<V>) =>
  renderToStaticMarkup(createElement(Choice<V>, props));

describe('Choice', () => {
  it('labels a select of the values, the chosen one selected', () => {
    const out = html({ label: 'Line', value: 'b', options: ['a', 'b'], onChange: () => {}, testId: 'line' });
    expect(out).toBe(
      '<label>Line <select data-testid="line"><option value="a">a</option>' +
        '<option value="b" selected="">b</option></select></label>',
    );
  });

  it('puts the empty option first and shows each value through text', () => {
    const out = html<'' | 'x'>({
      label: 'Run',
      value: '',
      options: ['x'],
      none: 'none',
      text: (v) => `run ${v}`,
      onChange: () => {},
      className: 'toolbar',
      disabled: true,
    });
    expect(out).toBe(
      '<label class="toolbar">Run <select disabled=""><option value="" selected="">none</option>' +
        '<option value="x">run x</option></select></label>',
    );
  });
});
