import { Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { resolveLimits } from '../core/index.js';
import { limitFlags, limitsFromFlags, parseSize } from './serve-limits.js';

describe('serve limit flags', () => {
  it('reads sizes and counts into limit overrides; unset flags keep the defaults', () => {
    const cmd = limitFlags(new Command()).exitOverride();
    cmd.parse(['--max-body-events', '1MiB', '--max-columns', '50', '--max-mqtt-packet', '64k'], {
      from: 'user',
    });
    const limits = resolveLimits(limitsFromFlags(cmd.opts()));
    expect(limits.bodyBytes.events).toBe(1024 * 1024);
    expect(limits.bodyBytes.other).toBe(1024 * 1024);
    expect(limits.importColumns).toBe(50);
    expect(limits.mqttPacketBytes).toBe(65_536);
    expect(limits.jsonDepth).toBe(32);
  });

  it('names the flag of a bad value', () => {
    expect(parseSize('2g', 'x')).toBe(2 * 1024 ** 3);
    expect(() => parseSize('lots', '--max-body')).toThrow(/size/);
    expect(() => limitsFromFlags({ maxColumns: '0' })).toThrow(
      expect.objectContaining({ field: '--max-columns' }),
    );
  });
});
