import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  fail,
  fieldIssues,
  issuesError,
  issuesFromZod,
  issuesOf,
  ok,
  orThrow,
  XinzhiError,
  zodIssuesError,
} from './index.js';

const thrown = (fn: () => unknown): XinzhiError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(XinzhiError);
    return e as XinzhiError;
  }
  throw new Error('expected a throw');
};

describe('issues as errors', () => {
  it('returns the value of a good result', () => {
    expect(orThrow(ok(3))).toBe(3);
  });

  it('lists every issue under context.issues, placed under the prefix', () => {
    const e = thrown(() =>
      orThrow(
        fail(
          { code: 'X', message: 'bad date', where: 'eventTime' },
          { code: 'Y', message: 'bad action', where: 'action' },
          { code: 'Z', message: 'no type' },
        ),
        { prefix: 'event' },
      ),
    );
    expect(e.code).toBe('BAD_INPUT');
    expect(e.field).toBe('event.eventTime');
    expect(issuesOf(e)).toEqual([
      { field: 'event.eventTime', message: 'bad date', code: 'X' },
      { field: 'event.action', message: 'bad action', code: 'Y' },
      { field: 'event', message: 'no type', code: 'Z' },
    ]);
    expect(e.message).toBe('3 problems: event.eventTime: bad date; event.action: bad action; event: no type');
  });

  it('keeps a caller-worded message, code and field', () => {
    const e = issuesError([{ code: 'LP', message: 'no objective', where: 'line 1' }], {
      code: 'INFEASIBLE',
      field: 'model.lp',
      detail: 'model.lp: no objective',
    });
    expect(e).toMatchObject({ code: 'INFEASIBLE', field: 'model.lp', message: 'model.lp: no objective' });
    expect(issuesOf(e)).toEqual([{ field: 'line 1', message: 'no objective', code: 'LP' }]);
  });

  it('treats (root) and (text) as the whole input', () => {
    expect(fieldIssues([{ code: 'A', message: 'm', where: '(root)' }], { fallback: 'plan' })[0]?.field).toBe(
      'plan',
    );
  });

  it('turns zod issues into dotted paths, one per unknown key', () => {
    const schema = z.strictObject({ a: z.number(), items: z.array(z.object({ qty: z.number() })) });
    const r = schema.safeParse({ a: 'x', items: [{ qty: 'many' }], q: 1, r: 2 });
    if (r.success) throw new Error('expected a failure');
    expect(issuesFromZod(r.error).map((i) => i.where)).toEqual(['a', 'items.0.qty', 'q', 'r']);
    const e = zodIssuesError(r.error, { prefix: 'query' });
    expect(issuesOf(e)?.map((i) => i.field)).toEqual(['query.a', 'query.items.0.qty', 'query.q', 'query.r']);
    expect(e.message).toMatch(/^query\.a: .*; query\.r: unknown field 'r'$/);
  });

  it('an error without issues has none', () => {
    expect(issuesOf(new XinzhiError('NOT_FOUND', 'x'))).toBeUndefined();
  });
});
