/** `xinzhi control relay`: relay auto-tune on a simulated plant (Ku, Pu, Ziegler–Nichols). */
import type { Command } from '@commander-js/extra-typings';
import {
  type PlantModel,
  relayExperiment,
  TankPlant,
  ThermalPlant,
  ultimatePoint,
  zieglerNicholsUltimate,
} from '../../../control/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { num, plantOf, processOptions } from './process.js';

export function registerRelay(control: Command, ctx: CliContext): void {
  processOptions(
    control
      .command('relay')
      .description('relay auto-tune on a simulated plant: Ku, Pu and Ziegler–Nichols settings'),
  )
    .option('--amplitude <d>', 'relay amplitude d (output units)', '1')
    .option('--hysteresis <e>', 'relay hysteresis ε (PV units)', '0')
    .option('--setpoint <r>', 'setpoint the relay switches around (oven: °C, tank: m)')
    .action(
      action(ctx, (o) => {
        const { plant, spec } = plantOf(o);
        const d = num('amplitude', o.amplitude);
        // The oven and tank run in absolute units: the relay works around a bias in the middle of the range.
        // The tank rests where the pump matches the outflow; the oven anywhere (half duty here).
        const twin = plant instanceof ThermalPlant || plant instanceof TankPlant;
        const bias = plant instanceof TankPlant ? plant.outflow / plant.p.maxInflow : 0.5;
        const r = relayExperiment(twin ? biased(plant, bias) : plant, {
          amplitude: twin ? Math.min(d, bias, 1 - bias) : d,
          hysteresis: num('hysteresis', o.hysteresis),
          setpoint: num('setpoint', o.setpoint, twin ? plant.output(plant.initialState(bias)) : 0),
          ...(twin ? { startBand: 0 } : {}),
        });
        const zn = zieglerNicholsUltimate(r, 'PID');
        const truth = spec && spec.type !== 'integrating' ? ultimatePoint(spec) : null;
        const out = {
          amplitude: r.amplitude,
          period: r.period,
          ku: r.ku,
          pu: r.pu,
          cycles: r.cycles,
          true_ultimate: truth ? { ku: truth.ku, pu: truth.pu } : null,
          zn_pid: { kp: zn.kc, ti: zn.ti, td: zn.td, form: 'ideal' },
          process: plant.label,
        };
        if (o.json) printJson(ctx, out);
        else
          ctx.stdout(
            `relay d=${d}: a = ${r.amplitude.toPrecision(6)}, P = ${r.period.toPrecision(6)} s → Ku ≈ ${r.ku.toPrecision(6)}, Pu ≈ ${r.pu.toPrecision(6)} s${truth ? ` (true Ku ${truth.ku.toPrecision(6)}, Pu ${truth.pu.toPrecision(6)} s)` : ''}\nZN PID: Kc ${zn.kc.toPrecision(5)}, Ti ${zn.ti.toPrecision(5)} s, Td ${zn.td.toPrecision(5)} s`,
          );
      }),
    );
}

/** The plant seen through an input bias: relay output ±d around `bias`, starting at rest at the bias. */
function biased(plant: PlantModel, bias: number): PlantModel {
  return {
    label: plant.label,
    order: plant.order,
    deadTime: plant.deadTime,
    fastestTime: plant.fastestTime,
    derivative: (x, u, out) => plant.derivative(x, u + bias, out),
    output: (x) => plant.output(x),
    initialState: (u0) => plant.initialState(u0 + bias),
    ...(plant.constrain ? { constrain: (x: Float64Array) => plant.constrain!(x) } : {}),
  };
}
