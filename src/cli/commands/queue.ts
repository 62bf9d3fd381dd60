import { XinzhiError } from '../../core/index.js';
import { staffing as staffingDomain } from '../../domains/index.js';
import { simulateQueue, staffServers } from '../../optimize/index.js';
import { action, printJson } from '../context.js';
import { jsonOption, numberFlag } from '../options.js';
import type { RegisterCommand } from './types.js';

type Kind = 'time' | 'share' | 'count' | 'erlang' | 'rate' | 'none';

/** What each printed quantity is measured in, and what it means to a reader. */
const QUANTITIES: Record<string, [Kind, string]> = {
  rho: ['share', 'utilisation of each server'],
  A: ['erlang', 'offered load (busy servers needed on average)'],
  servers: ['count', 'servers (on duty)'],
  scheduled: ['count', 'servers to schedule, allowing for shrinkage'],
  Pwait: ['share', 'probability an arrival has to wait'],
  Lq: ['count', 'average number waiting in the queue'],
  L: ['count', 'average number in the system'],
  Wq: ['time', 'average wait in the queue'],
  W: ['time', 'average time in the system (wait + service)'],
  asa: ['time', 'average speed of answer (= Wq)'],
  serviceLevel: ['share', 'share answered within the answer time'],
  occupancy: ['share', 'share of on-duty time spent serving'],
  blocking: ['share', 'share of arrivals lost because every server is busy'],
  carriedLoad: ['erlang', 'load actually served'],
  util: ['share', 'utilisation of each server'],
  ca2: ['none', 'squared coefficient of variation of inter-arrival times'],
  cs2: ['none', 'squared coefficient of variation of service times'],
  lambdaEff: ['rate', 'arrivals admitted per time unit'],
};

const pct = (v: number): string => `${Number((v * 100).toPrecision(4))} %`;
const num = (v: number): string => String(Number(v.toPrecision(6)));

/** One plain sentence that answers "so what?" for the model's result. */
function sentence(r: Record<string, unknown>, unit: string, answerTime: number | undefined): string {
  const g = (k: string): number | undefined => (typeof r[k] === 'number' ? (r[k] as number) : undefined);
  const wq = g('Wq') ?? g('asa');
  if (r['model'] === 'mmc-staffing') {
    const sl = g('serviceLevel');
    return `Put ${g('servers')} on duty (${g('scheduled')} scheduled): ${sl === undefined ? '' : `${pct(sl)} answered within ${answerTime} ${unit}, `}average wait ${num(g('asa') ?? 0)} ${unit}, occupancy ${pct(g('occupancy') ?? 0)}.`;
  }
  if (r['model'] === 'erlangb')
    return `${pct(g('blocking') ?? 0)} of arrivals find all ${g('servers')} servers busy and are lost.`;
  const busy = g('rho') ?? g('util');
  return `${busy === undefined ? '' : `Servers are busy ${pct(busy)} of the time; `}an arrival waits ${num(wq ?? 0)} ${unit} on average before service${g('W') === undefined ? '' : ` (${num(g('W') ?? 0)} ${unit} in all)`}${g('Lq') === undefined ? '' : `, with ${num(g('Lq') ?? 0)} waiting on average`}.`;
}

/** The human-readable report: the sentence, then each quantity with its unit and meaning. */
function render(r: Record<string, unknown>, unit: string, answerTime: number | undefined): string {
  const rows = Object.entries(r).map(([k, v]) => {
    const [kind, meaning] = QUANTITIES[k] ?? ['none', ''];
    const text =
      typeof v === 'number'
        ? kind === 'share'
          ? pct(v)
          : kind === 'time'
            ? `${num(v)} ${unit}`
            : kind === 'erlang'
              ? `${num(v)} Erl`
              : kind === 'rate'
                ? `${num(v)} per ${unit}`
                : num(v)
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);
    return `${k.padEnd(14)} ${text.padEnd(18)} ${meaning}`.trimEnd();
  });
  return [sentence(r, unit, answerTime), '', ...rows].join('\n');
}

const MODELS = ['mm1', 'mmc', 'erlangb', 'mmck', 'gg1'] as const;

/** This command's model names (kept: scripts use them) and the calculator's. */
const CALCULATOR_MODEL: Record<(typeof MODELS)[number], staffingDomain.QueueModel> = {
  mm1: 'mm1',
  mmc: 'mmc',
  erlangb: 'erlang-b',
  mmck: 'mmck',
  gg1: 'kingman',
};

/** The flag of each calculator parameter, to name a missing one. */
const FLAGS: Record<keyof staffingDomain.QueueParams, string> = {
  arrivalRate: '--arrival-rate',
  serviceRate: '--service-rate',
  servers: '--servers',
  capacity: '--capacity',
  offeredLoad: '--offered-load',
  ca2: '--ca2',
  cs2: '--cs2',
  answerTime: '--answer-time',
};

function need(flag: string, v: number | undefined): number {
  if (v === undefined)
    throw new XinzhiError('BAD_INPUT', `${flag} is required for this model`, { field: flag });
  return v;
}

/** `xinzhi queue`: queueing metrics and staffing. */
export const register: RegisterCommand = (program, ctx) => {
  program
    .command('queue')
    .description('queueing metrics (M/M/1, M/M/c, Erlang B, M/M/c/K, G/G/1) and staffing to a service level')
    .requiredOption('--model <model>', `one of ${MODELS.join(', ')}`)
    .option('--arrival-rate <λ>', 'arrivals per time unit')
    .option('--service-rate <μ>', 'services per time unit per server (1 / mean service time)')
    .option('--servers <c>', 'number of servers')
    .option('--capacity <K>', 'room in the system in all, for mmck')
    .option('--offered-load <A>', 'offered load in Erlang, for erlangb (instead of the rates)')
    .option('--ca2 <ca²>', 'squared coefficient of variation of inter-arrival times, for gg1 (default 1)')
    .option('--cs2 <cs²>', 'squared coefficient of variation of service times, for gg1 (default 1)')
    .option('--answer-time <t>', 'answer time for the service level, in the time unit of the rates')
    .option(
      '--target-service-level <fraction>',
      'staff: fewest servers answering this fraction within --answer-time',
    )
    .option('--max-asa <t>', 'staff: fewest servers with average speed of answer at most t')
    .option('--max-occupancy <fraction>', 'staff: limit on occupancy')
    .option('--shrinkage <fraction>', 'staff: share of paid time not on duty (default 0)')
    .option('--simulate', 'also run the seeded discrete-event simulation as a check')
    .option('--seed <n>', 'simulation seed (default 1)')
    .option('--time-unit <unit>', 'name of the time unit of the rates, for the report (default "time units")')
    .addOption(jsonOption())
    .action(
      action(ctx, (opts) => {
        const model = opts.model as (typeof MODELS)[number];
        if (!MODELS.includes(model))
          throw new XinzhiError(
            'BAD_INPUT',
            `--model must be one of ${MODELS.join(', ')}, got '${opts.model}'`,
            {
              field: '--model',
            },
          );
        const n = (flag: string, v: string | undefined): number | undefined => numberFlag(flag, v);
        const l = n('--arrival-rate', opts.arrivalRate);
        const mu = n('--service-rate', opts.serviceRate);
        const c = n('--servers', opts.servers);
        const t = n('--answer-time', opts.answerTime);
        const target = n('--target-service-level', opts.targetServiceLevel);
        const maxAsa = n('--max-asa', opts.maxAsa);
        const maxOcc = n('--max-occupancy', opts.maxOccupancy);
        const staffing = target !== undefined || maxAsa !== undefined || maxOcc !== undefined;
        let result: Record<string, unknown>;
        if (staffing) {
          if (model !== 'mmc')
            throw new XinzhiError('BAD_INPUT', 'staffing targets apply to --model mmc (Erlang C)', {
              field: '--model',
            });
          if (target !== undefined && t === undefined)
            throw new XinzhiError('BAD_INPUT', '--target-service-level needs --answer-time', {
              field: '--answer-time',
            });
          const s = staffServers({
            arrivalRate: need('--arrival-rate', l),
            serviceRate: need('--service-rate', mu),
            ...(target !== undefined ? { serviceLevel: target } : {}),
            ...(t !== undefined ? { answerTime: t } : {}),
            ...(maxAsa !== undefined ? { maxAsa } : {}),
            ...(maxOcc !== undefined ? { maxOccupancy: maxOcc } : {}),
            shrinkage: n('--shrinkage', opts.shrinkage) ?? 0,
          });
          result = { model: 'mmc-staffing', ...s };
        } else {
          // The shared calculator (as GET /queueing); this command has always shown these metrics.
          const all = staffingDomain.queueMetrics(
            CALCULATOR_MODEL[model],
            {
              arrivalRate: l,
              serviceRate: mu,
              servers: c,
              capacity: n('--capacity', opts.capacity),
              offeredLoad: model === 'erlangb' ? n('--offered-load', opts.offeredLoad) : undefined,
              ca2: model === 'gg1' ? (n('--ca2', opts.ca2) ?? 1) : undefined,
              cs2: model === 'gg1' ? (n('--cs2', opts.cs2) ?? 1) : undefined,
              answerTime: t,
            },
            (param) =>
              new XinzhiError('BAD_INPUT', `${FLAGS[param]} is required for this model`, {
                field: FLAGS[param],
              }),
          );
          result =
            model === 'gg1'
              ? {
                  model,
                  ...staffingDomain.pickMetrics(all, ['rho', 'ca2', 'cs2', 'Wq']),
                  approximation: 'Kingman (1961)',
                }
              : { model, ...all };
        }
        if (opts.simulate) {
          const lam = need('--arrival-rate', l);
          const rate = need('--service-rate', mu);
          const servers =
            model === 'mm1' || model === 'gg1'
              ? 1
              : ((result['servers'] as number | undefined) ?? need('--servers', c));
          const cs2 = n('--cs2', opts.cs2) ?? 1;
          const ca2 = n('--ca2', opts.ca2) ?? 1;
          const dist = (mean: number, cv2: number) =>
            cv2 === 1
              ? ({ kind: 'exponential', mean } as const)
              : cv2 === 0
                ? ({ kind: 'deterministic', mean } as const)
                : ({ kind: 'lognormal', mean, cv: Math.sqrt(cv2) } as const);
          const capacity =
            model === 'mmck' ? n('--capacity', opts.capacity) : model === 'erlangb' ? servers : undefined;
          result['simulation'] = simulateQueue({
            interarrival: dist(1 / lam, model === 'gg1' ? ca2 : 1),
            service: dist(1 / rate, model === 'gg1' ? cs2 : 1),
            servers,
            ...(capacity !== undefined ? { capacity } : {}),
            ...(t !== undefined ? { answerTime: t } : {}),
            seed: n('--seed', opts.seed) ?? 1,
          });
        }
        if (opts.json) printJson(ctx, result);
        else ctx.stdout(render(result, opts.timeUnit ?? 'time units', t));
      }),
    );
};
