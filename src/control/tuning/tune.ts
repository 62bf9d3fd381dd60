/**
 * One entry point for the tuning rules, as the CLI and the API use them: a process spec, a rule name
 * and the controller type. Rules that need a FOPDT model accept SOPDT by Skogestad's half rule.
 */
import { XinzhiError } from '../../core/index.js';
import type { ProcessSpec } from '../plants/linear-plant.js';
import { ultimatePoint } from './frequency.js';
import { halfRuleFopdt } from './half-rule.js';
import {
  amigo,
  type ControllerType,
  cohenCoon,
  type Fopdt,
  imcPid,
  lambdaIntegrating,
  lambdaPi,
  simcIntegrating,
  simcPi,
  simcPidSopdt,
  type Tuning,
  zieglerNicholsStep,
  zieglerNicholsUltimate,
} from './rules.js';

export const TUNING_RULES = ['simc', 'lambda', 'imc', 'amigo', 'zn', 'zn-ultimate', 'cc'] as const;
export type TuningRule = (typeof TUNING_RULES)[number];

export interface TuneOptions {
  /** P, PI or PID; default per rule (SIMC: PI, or PID for SOPDT; IMC: PID; others PID). */
  readonly type?: ControllerType | undefined;
  /** τc for SIMC, λ for lambda and IMC. */
  readonly tauC?: number | undefined;
}

function asFopdt(spec: ProcessSpec): Fopdt {
  if (spec.type === 'fopdt') return spec;
  if (spec.type === 'sopdt')
    return halfRuleFopdt({ gain: spec.gain, timeConstants: [spec.tau1, spec.tau2], deadTime: spec.deadTime });
  throw new XinzhiError('BAD_INPUT', `this rule needs a fopdt or sopdt process, got ${spec.type}`, {
    field: 'process',
  });
}

export function tune(spec: ProcessSpec, rule: TuningRule, o: TuneOptions = {}): Tuning {
  const type = o.type;
  switch (rule) {
    case 'simc':
      if (spec.type === 'integrating') return simcIntegrating(spec, o.tauC);
      if (spec.type === 'sopdt' && type !== 'PI') return simcPidSopdt(spec, o.tauC);
      if (type === 'PID' || type === 'P')
        throw new XinzhiError('BAD_INPUT', 'SIMC PID needs a sopdt process (or use --type pi)', {
          field: 'type',
        });
      return simcPi(asFopdt(spec), o.tauC);
    case 'lambda':
      if (type === 'PID' || type === 'P')
        throw new XinzhiError('BAD_INPUT', 'lambda tuning is PI only', { field: 'type' });
      if (spec.type === 'integrating') {
        if (o.tauC === undefined)
          throw new XinzhiError('BAD_INPUT', 'lambda tuning of an integrating process needs --tau-c', {
            field: 'tauC',
          });
        return lambdaIntegrating(spec, o.tauC);
      }
      return lambdaPi(asFopdt(spec), o.tauC);
    case 'imc':
      if (type === 'PI') {
        const p = asFopdt(spec);
        return { ...lambdaPi(p, o.tauC ?? p.deadTime), rule: 'imc' };
      }
      if (type === 'P') throw new XinzhiError('BAD_INPUT', 'IMC tuning is PI or PID', { field: 'type' });
      return imcPid(asFopdt(spec), o.tauC);
    case 'amigo':
      if (type === 'P') throw new XinzhiError('BAD_INPUT', 'AMIGO is PI or PID', { field: 'type' });
      return amigo(asFopdt(spec), type ?? 'PID');
    case 'zn':
      return zieglerNicholsStep(asFopdt(spec), type ?? 'PID');
    case 'zn-ultimate':
      return zieglerNicholsUltimate(ultimatePoint(spec), type ?? 'PID');
    case 'cc':
      return cohenCoon(asFopdt(spec), type ?? 'PID');
    default:
      throw new XinzhiError(
        'BAD_INPUT',
        `unknown rule '${String(rule)}'; one of ${TUNING_RULES.join(', ')}`,
        {
          field: 'rule',
        },
      );
  }
}
