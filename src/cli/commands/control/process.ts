/** The process flags that `control tune`, `simulate` and `relay` share, and the plant they describe. */
import {
  linearPlant,
  type PlantModel,
  type ProcessSpec,
  TankPlant,
  ThermalPlant,
} from '../../../control/index.js';
import { XinzhiError } from '../../../core/index.js';
import { jsonOption, numberFlag, requiredNumberFlag, sharedOptions } from '../../options.js';

export interface ProcessFlags {
  process?: string;
  gain?: string;
  tau?: string;
  tau2?: string;
  deadTime?: string;
  json?: boolean;
}

/** A numeric process flag, `--<flag>`; without a default it is required. */
export const num = (flag: string, v: string | undefined, dflt?: number): number =>
  dflt === undefined ? requiredNumberFlag(`--${flag}`, v) : (numberFlag(`--${flag}`, v) ?? dflt);

/** A linear process spec from --process/--gain/--tau/--tau2/--dead-time. */
export function specOf(o: ProcessFlags): ProcessSpec {
  const deadTime = num('dead-time', o.deadTime, 0);
  switch (o.process ?? 'fopdt') {
    case 'fopdt':
      return { type: 'fopdt', gain: num('gain', o.gain), tau: num('tau', o.tau), deadTime };
    case 'sopdt':
      return {
        type: 'sopdt',
        gain: num('gain', o.gain),
        tau1: num('tau', o.tau),
        tau2: num('tau2', o.tau2),
        deadTime,
      };
    case 'integrating':
      return { type: 'integrating', gain: num('gain', o.gain), deadTime };
    default:
      throw new XinzhiError(
        'BAD_INPUT',
        `--process must be fopdt, sopdt or integrating (oven and tank: simulate/relay only), got '${o.process}'`,
        {
          field: 'process',
        },
      );
  }
}

/** A plant model: a linear spec, or the oven/tank twins (nonlinear, with their documented defaults). */
export function plantOf(o: ProcessFlags): { plant: PlantModel; spec: ProcessSpec | null } {
  if (o.process === 'oven') return { plant: new ThermalPlant(), spec: null };
  if (o.process === 'tank') return { plant: new TankPlant(), spec: null };
  const spec = specOf(o);
  return { plant: linearPlant(spec), spec };
}

export const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export const processOptions = sharedOptions((c) =>
  c
    .option('--process <type>', 'fopdt | sopdt | integrating (simulate and relay also: oven | tank)', 'fopdt')
    .option('--gain <K>', "process gain K (integrating: slope k')")
    .option('--tau <s>', 'time constant τ (sopdt: τ1), seconds')
    .option('--tau2 <s>', 'second time constant τ2 (sopdt), seconds')
    .option('--dead-time <s>', 'dead time θ, seconds', '0')
    .addOption(jsonOption()),
);
