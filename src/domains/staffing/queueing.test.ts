import { describe, expect, it } from 'vitest';
import { omitMetrics, pickMetrics, queueMetrics } from './queueing.js';

const missing = (p: string) => new Error(`needs ${p}`);

describe('queueMetrics', () => {
  it('gives every metric of the model: M/M/c with ASA and service level, M/M/c/K with its distribution', () => {
    const c = queueMetrics('mmc', { arrivalRate: 2, serviceRate: 1, servers: 3, answerTime: 0.5 }, missing);
    expect(c['asa']).toBe(c['Wq']);
    expect(c['serviceLevel']).toBeGreaterThan(0);
    const k = queueMetrics('mmck', { arrivalRate: 2, serviceRate: 1, servers: 1, capacity: 3 }, missing);
    expect(k['p']).toHaveLength(4);
    expect(Object.keys(omitMetrics(k, ['p']))).not.toContain('p');
  });

  it('takes Erlang B from the offered load or the rates, and Kingman from the variabilities', () => {
    const a = queueMetrics('erlang-b', { offeredLoad: 2, servers: 3 }, missing);
    const b = queueMetrics('erlang-b', { arrivalRate: 2, serviceRate: 1, servers: 3 }, missing);
    expect(a).toEqual(b);
    expect(pickMetrics(a, ['A', 'blocking'])).toEqual({ A: 2, blocking: a['blocking'] });
    const g = queueMetrics('kingman', { arrivalRate: 2, serviceRate: 3, ca2: 1, cs2: 1 }, missing);
    // With exponential times Kingman's formula is exact: M/M/1's Wq = ρ/(μ−λ).
    expect(g['Wq']).toBeCloseTo(2 / 3 / 1, 10);
  });

  it('names the first missing parameter through the adapter', () => {
    expect(() => queueMetrics('mmc', { arrivalRate: 2, serviceRate: 1 }, missing)).toThrow('needs servers');
    expect(() => queueMetrics('kingman', { arrivalRate: 2, serviceRate: 1 }, missing)).toThrow('needs ca2');
  });
});
