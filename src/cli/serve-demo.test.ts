import { describe, expect, it } from 'vitest';
import { XinzhiError } from '../core/index.js';
import { parseServeDemoFlags } from './serve-demo.js';

const base = { demoSeed: '42', demoSpeed: '240', demoHistory: '1d' };
const fieldOf = (flags: Parameters<typeof parseServeDemoFlags>[0]): string | undefined => {
  try {
    parseServeDemoFlags(flags);
  } catch (e) {
    return (e as XinzhiError).field;
  }
  return undefined;
};

describe('parseServeDemoFlags', () => {
  it('writes the whole history in bulk by default, and replays the part asked for', () => {
    expect(parseServeDemoFlags(base)).toEqual({ seed: 42, speed: 240, historyMs: 86_400_000, replayMs: 0 });
    expect(parseServeDemoFlags({ ...base, demoReplay: '2h' }).replayMs).toBe(7_200_000);
    expect(parseServeDemoFlags({ ...base, demoReplay: '0' }).replayMs).toBe(0);
    // never more than the history itself
    expect(parseServeDemoFlags({ ...base, demoHistory: '6h', demoReplay: '2d' }).replayMs).toBe(21_600_000);
  });

  it('names the flag of a bad value', () => {
    expect(fieldOf({ ...base, demoReplay: 'soon' })).toBe('--demo-replay');
    expect(fieldOf({ ...base, demoReplay: '-1h' })).toBe('--demo-replay');
    expect(fieldOf({ ...base, demoReplay: '' })).toBe('--demo-replay');
    expect(fieldOf({ ...base, demoHistory: 'yesterday' })).toBe('--demo-history');
    expect(fieldOf({ ...base, demoSpeed: '1e9' })).toBe('--demo-speed');
    expect(() => parseServeDemoFlags({ ...base, demoReplay: 'x' })).toThrow(XinzhiError);
  });
});
