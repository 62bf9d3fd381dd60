/**
 * `xinzhi alarms`: the alarm list and the operator's actions (acknowledge, shelve, unshelve) and
 * the per-series alarm rules, on the database directly through the same alarm service and rule
 * schema as `/api/v1/alarms` and `/api/v1/series/{id}/alarm-rules`. Alarm state lives in the
 * store, so a running server sees an acknowledgement at once; rule changes reach a running
 * server's live monitor when it restarts (its API reloads them immediately).
 */
import { Command } from 'commander';
import { type Alarm, createAlarmService, isOpen, MAX_SHELVE_MS } from '../../analytics/index.js';
import { compact, parseDuration, systemClock, toIso, XinzhiError } from '../../core/index.js';
import { monitoring } from '../../domains/index.js';
import type { Store } from '../../store/index.js';
import { cliActor } from '../cli-actor.js';
import { action, type CliContext, printJson } from '../context.js';
import { withExistingStore } from '../open-store.js';
import { dbOption, jsonOption, numberFlag } from '../options.js';
import type { RegisterCommand } from './types.js';

interface Common {
  db?: string;
  json?: boolean;
}

const STATES = ['active', 'unacked', 'acked', 'shelved', 'closed', 'all'] as const;
type StateFilter = (typeof STATES)[number];

const shelved = (a: Alarm, now: number): boolean => a.shelvedUntil !== null && a.shelvedUntil > now;

/** Which alarms a `--state` shows; `active` (open and not shelved) is what needs attention. */
function matches(a: Alarm, state: StateFilter, now: number): boolean {
  switch (state) {
    case 'active':
      return isOpen(a) && !shelved(a, now);
    case 'unacked':
      return a.state === 'unacknowledged' || a.state === 'returned-unacknowledged';
    case 'acked':
      return a.state === 'acknowledged';
    case 'shelved':
      return shelved(a, now);
    case 'closed':
      return a.state === 'normal';
    default:
      return true;
  }
}

const line = (a: Alarm, now: number): string =>
  `${a.key}  ${a.severity}  ${a.state}${shelved(a, now) ? ` (shelved until ${toIso(a.shelvedUntil!)})` : ''}  ` +
  `${a.message}${a.value === null ? '' : ` [${a.value}]`}  since ${toIso(a.raisedAt)}` +
  (a.ackedBy === null ? '' : `, acked by ${a.ackedBy}`);

const common = (c: Command): Command => c.addOption(dbOption()).addOption(jsonOption());

/** Applies an operator action as the CLI user and records it in the audit log like the API does. */
async function operate(
  store: Store,
  key: string,
  kind: 'ack' | 'shelve' | 'unshelve',
  opts: { note?: string | undefined; until?: number },
): Promise<Alarm> {
  const alarms = createAlarmService({ store });
  const actor = cliActor();
  const now = systemClock.now();
  if (kind === 'ack') await alarms.apply({ type: 'ack', key, user: actor.actorName, ts: now });
  else if (kind === 'shelve')
    await alarms.apply({ type: 'shelve', key, user: actor.actorName, until: opts.until!, ts: now });
  else await alarms.apply({ type: 'unshelve', key, ts: now });
  const after = (await alarms.get(key))!;
  await store.appendAudit({
    ...actor,
    ts: now,
    action: `alarm.${kind}`,
    target: key,
    after,
    comment: opts.note?.slice(0, 2000) ?? null,
  });
  return after;
}

const RULES = ['anomaly', 'threshold', 'rate', 'stuck', 'missing'] as const;
type RuleName = (typeof RULES)[number];

/** Which flags each rule takes; any other is refused rather than silently ignored. */
const RULE_FLAGS: Record<RuleName, readonly string[]> = {
  anomaly: [],
  threshold: ['high', 'low', 'deadband'],
  rate: ['maxPerSecond'],
  stuck: ['for', 'tolerance'],
  missing: ['after'],
};

interface RuleOpts extends Common {
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
function ruleDoc(rule: RuleName, o: RuleOpts): unknown {
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

function ruleName(v: string): RuleName {
  if (!(RULES as readonly string[]).includes(v))
    throw new XinzhiError('BAD_INPUT', `unknown rule "${v}": one of ${RULES.join(', ')}`, { field: 'rule' });
  return v as RuleName;
}

const rulesText = (v: monitoring.MonitorRulesView): string =>
  [
    `${v.seriesId} (${v.signal})`,
    ...RULES.map((r) => {
      const eff = v.effective[r];
      const src = r in v.overrides ? 'set' : 'default';
      return `  ${r.padEnd(9)} ${eff === null ? 'off' : JSON.stringify(eff)}  (${src})`;
    }),
  ].join('\n');

async function changeRules(
  store: Store,
  id: string,
  change: (current: Record<string, unknown>) => Record<string, unknown>,
): Promise<monitoring.MonitorRulesView> {
  const before = await monitoring.monitorRules(store, id);
  const view = await monitoring.setMonitorOverrides(store, id, change({ ...before.overrides }));
  await store.appendAudit({
    ...cliActor(),
    ts: systemClock.now(),
    action: 'series.alarm-rules',
    target: id,
    before: before.overrides,
    after: view.overrides,
  });
  return view;
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  const cmd = new Command('alarms').description(
    'alarms (list, acknowledge, shelve) and the alarm rules of series',
  );

  common(
    cmd
      .command('list')
      .description('alarms, most recently changed first')
      .option('--state <state>', `${STATES.join(' | ')} (active: open and not shelved)`, 'active')
      .option('--asset <id>', 'only alarms of this asset and everything under it')
      .option('--source <id>', 'only alarms of this exact source (a series id)'),
  ).action(
    action(ctx, async (opts: Common & { state: string; asset?: string; source?: string }) => {
      if (!(STATES as readonly string[]).includes(opts.state))
        throw new XinzhiError(
          'BAD_INPUT',
          `--state must be one of ${STATES.join(', ')}, not "${opts.state}"`,
          {
            field: '--state',
          },
        );
      const now = systemClock.now();
      const all = await withExistingStore(opts, (store) =>
        createAlarmService({ store }).list(opts.source === undefined ? {} : { source: opts.source }),
      );
      const under = (src: string) =>
        opts.asset === undefined || src === opts.asset || src.startsWith(`${opts.asset}/`);
      const alarms = all.filter((a) => under(a.source) && matches(a, opts.state as StateFilter, now));
      if (opts.json) printJson(ctx, { state: opts.state, total: alarms.length, alarms });
      else
        ctx.stdout(
          alarms.length === 0
            ? `no ${opts.state === 'all' ? '' : `${opts.state} `}alarms`
            : [...alarms.map((a) => line(a, now)), `${alarms.length} ${opts.state} alarms`].join('\n'),
        );
    }),
  );

  common(
    cmd
      .command('ack <key>')
      .description('acknowledge an alarm (key: source|condition, as `alarms list` shows)')
      .option('--note <text>', 'a comment kept in the audit log'),
  ).action(
    action(ctx, async (key: string, opts: Common & { note?: string }) => {
      const a = await withExistingStore(opts, (s) => operate(s, key, 'ack', { note: opts.note }));
      if (opts.json) printJson(ctx, a);
      else ctx.stdout(`acknowledged ${a.key}: now ${a.state}`);
    }),
  );

  common(
    cmd
      .command('shelve <key>')
      .description('shelve an alarm for a while: still recorded, nobody is notified')
      .requiredOption('--for <duration>', 'how long: 30m, 2h, 1d (at most 7d)')
      .option('--reason <text>', 'why, kept in the audit log'),
  ).action(
    action(ctx, async (key: string, opts: Common & { for: string; reason?: string }) => {
      const d = parseDuration(opts.for);
      if (d === undefined || d <= 0 || d > MAX_SHELVE_MS)
        throw new XinzhiError(
          'BAD_INPUT',
          `--for must be a duration from 1s to 7d like 30m or 2h, not "${opts.for}"`,
          {
            field: '--for',
          },
        );
      const a = await withExistingStore(opts, (s) =>
        operate(s, key, 'shelve', { note: opts.reason, until: systemClock.now() + d }),
      );
      if (opts.json) printJson(ctx, a);
      else ctx.stdout(`shelved ${a.key} until ${toIso(a.shelvedUntil!)}`);
    }),
  );

  common(cmd.command('unshelve <key>').description('end the shelving of an alarm now')).action(
    action(ctx, async (key: string, opts: Common) => {
      const a = await withExistingStore(opts, (s) => operate(s, key, 'unshelve', {}));
      if (opts.json) printJson(ctx, a);
      else ctx.stdout(`unshelved ${a.key}: ${a.state}`);
    }),
  );

  const rules = new Command('rules').description(
    'alarm rules of a series: defaults from its metadata, and your overrides (threshold, rate, stuck, missing, anomaly)',
  );
  common(rules.command('list <series>').description('the rules that apply, and which are overridden')).action(
    action(ctx, async (id: string, opts: Common) => {
      const v = await withExistingStore(opts, (s) => monitoring.monitorRules(s, id));
      if (opts.json) printJson(ctx, v);
      else ctx.stdout(rulesText(v));
    }),
  );
  common(
    rules
      .command('add <series> <rule>')
      .description(`set one rule (${RULES.join(', ')}), replacing its default or earlier setting`)
      .option('--high <value>', 'threshold: alarm above this (series unit)')
      .option('--low <value>', 'threshold: alarm below this')
      .option('--deadband <value>', 'threshold: clear only this far back inside the limit')
      .option('--max-per-second <value>', 'rate: largest change per second')
      .option('--for <duration>', 'stuck: unchanged this long (at least 1s)')
      .option('--tolerance <value>', 'stuck: changes this small count as unchanged (default 0)')
      .option('--after <duration>', 'missing: silent this long (at least 1s)')
      .option('--severity <level>', 'info, warning, minor, major or critical', 'warning')
      .option('--off', 'turn the rule off for this series'),
  ).action(
    action(ctx, async (id: string, rule: string, opts: RuleOpts) => {
      const r = ruleName(rule);
      const doc = ruleDoc(r, opts);
      const v = await withExistingStore(opts, (s) => changeRules(s, id, (cur) => ({ ...cur, [r]: doc })));
      if (opts.json) printJson(ctx, v);
      else ctx.stdout(rulesText(v));
    }),
  );
  common(
    rules
      .command('remove <series> <rule>')
      .description('drop your setting of one rule: its default applies again'),
  ).action(
    action(ctx, async (id: string, rule: string, opts: Common) => {
      const r = ruleName(rule);
      const v = await withExistingStore(opts, (s) =>
        changeRules(s, id, (cur) => {
          if (!(r in cur))
            throw new XinzhiError('NOT_FOUND', `${id} has no ${r} setting of its own; its default applies`, {
              field: 'rule',
            });
          const { [r]: _, ...rest } = cur;
          return rest;
        }),
      );
      if (opts.json) printJson(ctx, v);
      else ctx.stdout(rulesText(v));
    }),
  );
  cmd.addCommand(rules);
  program.addCommand(cmd);
};
