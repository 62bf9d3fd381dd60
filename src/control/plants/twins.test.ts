import { describe, expect, it } from 'vitest';
import { PlantTwin } from '../loop/plant-twin.js';
import { TankPlant } from './tank-plant.js';
import { ThermalPlant } from './thermal-plant.js';

describe('oven and tank models', () => {
  it('the oven settles at ambient + Pmax·duty/Ga and cannot be cooled by a negative duty', () => {
    const oven = new ThermalPlant();
    const twin = new PlantTwin(oven);
    twin.setInput(0.5);
    twin.advance(40_000);
    expect(twin.pv).toBeCloseTo(20 + 0.5 * oven.gain, 3);
    twin.setInput(-5);
    twin.advance(200_000);
    expect(twin.pv).toBeCloseTo(20, 3);
    expect(oven.initialState(0.25)[1]).toBeCloseTo(70, 12);
  });
  it('honours the dead time exactly', () => {
    const twin = new PlantTwin(new ThermalPlant({ deadTime: 7 }));
    twin.setInput(1);
    twin.advance(7);
    expect(twin.pv).toBe(20);
    twin.advance(1);
    expect(twin.pv).toBeGreaterThan(20);
  });
  it('the tank integrates, stops at empty and at overflow', () => {
    const tank = new TankPlant({ level: 1 });
    const twin = new PlantTwin(tank);
    twin.setInput(1);
    // 2 s dead time draining at 0.02/2 m/s, then filling at (0.05 − 0.02)/2 m/s for 10 s.
    twin.advance(12);
    expect(twin.pv).toBeCloseTo(1 - 0.02 + 0.15, 9);
    twin.advance(1000);
    expect(twin.pv).toBe(3);
    twin.setInput(0);
    twin.advance(1000);
    expect(twin.pv).toBe(0);
  });
  it('rejects bad parameters by name', () => {
    expect(() => new ThermalPlant({ maxPower: -1 })).toThrow(/maxPower/);
    expect(() => new TankPlant({ area: 0 })).toThrow(/area/);
  });
});
