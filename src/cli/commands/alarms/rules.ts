/**
 * What the `alarms rules` subcommands share: the rule names, the flags each rule takes, the
 * override document built from them, the printed view, and a change through the monitoring domain
 * recorded in the audit log as the API's audit middleware records it.
 */
import { compact, parseDuration, systemClock, XinzhiError } from '../../../core/index.js';
import { monitoring } from '../../../domains/index.js';
import type { Store } from '../../../store/index.js';
import { cliActor } from '../../cli-actor.js';
import { numberFlag } from '../../options.js';

export const RULES = ['anomaly', 'threshold', 'rate', 'stuck', 'missing'] as const;
export type RuleName = (typeof RULES)[number];

/** Which flags each rule takes; any other is refused rather than silently ignored. */
const RULE_FLAGS: Record<RuleName, readonly string[]> = {
  anomaly: [],
  threshold: ['high', 'low', 'deadband'],
  rate: ['maxPerSecond'],
  stuck: ['for', 'tolerance'],
  missing: ['after'],
};

/** The rule flags `ruleDoc` reads (`alarms rules add` passes its parsed options). */
export interface RuleOpts {
  high?: string;
  low?: string;
  deadband?: string;
  maxPerSecond?: string;
  for?: string;
  tolerance?: string;
  after?: string;
  severity: string;
  off?: boolean;
}

const flagName = (k: string): string => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function ms(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const d = parseDuration(v);
  if (d === undefined || d <= 0)
    throw new XinzhiError('BAD_INPUT', `${flag} must be a duration like 15m or 2h, not "${v}"`, {
      field: flag,
    });
  return d;
}

/** The override document of one rule from the flags (checked by the shared schema afterwards). */
export function ruleDoc(rule: RuleName, o: RuleOpts): unknown {
  for (const k of ['high', 'low', 'deadband', 'maxPerSecond', 'for', 'tolerance', 'after'] as const)
    if (o[k] !== undefined && (o.off === true || !RULE_FLAGS[rule].includes(k)))
      throw new XinzhiError(
        'BAD_INPUT',
        `${flagName(k)} does not apply to ${o.off === true ? 'a rule turned --off' : `the ${rule} rule`}` +
          (o.off === true
            ? ''
            : ` (it takes ${RULE_FLAGS[rule].map(flagName).join(', ') || 'only --severity'})`),
        { field: flagName(k) },
      );
  if (o.off === true) return null;
  const severity = o.severity;
  switch (rule) {
    case 'anomaly':
      return { severity };
    case 'threshold':
      return compact({
        high: numberFlag('--high', o.high),
        low: numberFlag('--low', o.low),
        deadband: numberFlag('--deadband', o.deadband),
        severity,
      });
    case 'rate':
      return compact({ maxPerSecond: numberFlag('--max-per-second', o.maxPerSecond), severity });
    case 'stuck':
      return compact({
        forMs: ms(o.for, '--for'),
        tolerance: numberFlag('--tolerance', o.tolerance) ?? 0,
        severity,
      });
    case 'missing':
      return compact({ afterMs: ms(o.after, '--after'), severity });
  }
}

export function ruleName(v: string): RuleName {
  if (!(RULES as readonly string[]).includes(v))
    throw new XinzhiError('BAD_INPUT', `unknown rule "${v}": one of ${RULES.join(', ')}`, { field: 'rule' });
  return v as RuleName;
}

export const rulesText = (v: monitoring.MonitorRulesView): string =>
  [
    `${v.seriesId} (${v.signal})`,
    ...RULES.map((r) => {
      const eff = v.effective[r];
      const src = r in v.overrides ? 'set' : 'default';
      return `  ${r.padEnd(9)} ${eff === null ? 'off' : JSON.stringify(eff)}  (${src})`;
    }),
  ].join('\n');

/** Changes a series' overrides through the monitoring domain, as the CLI user, audited. */
export async function changeRulesAsCli(
  store: Store,
  id: string,
  change: (current: Record<string, unknown>) => Record<string, unknown>,
): Promise<monitoring.MonitorRulesView> {
  const { before, after } = await monitoring.changeMonitorOverrides(store, id, change);
  await store.appendAudit({
    ...cliActor(),
    ts: systemClock.now(),
    action: 'series.alarm-rules',
    target: id,
    before: before.overrides,
    after: after.overrides,
  });
  return after;
}
