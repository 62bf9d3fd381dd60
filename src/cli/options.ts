/**
 * The options many commands share, declared once: `--db` (one help text for every command that
 * opens the store), `--json`, and the parsing of numeric flag values with one form of error.
 * Commander parses flags; these only fix what the flags are called, say and accept.
 */
import { type Command, Option, type OptionValues } from '@commander-js/extra-typings';
import { XinzhiError } from '../core/index.js';

/** What `--db` says everywhere: the store `openStoreFromOptions` opens. */
export const DB_HELP = 'database file or postgres:// URL (default $XINZHI_DB, else ./xinzhi.db)';

/** What `--json` says where the JSON needs no description of its own. */
export const JSON_HELP = 'print one JSON document';

/**
 * `--db <path>`, the store a command reads or writes; `help` only where the store plays a narrower
 * part. The return type is left to inference so `addOption` types the handler's `opts.db`.
 */
export const dbOption = (help: string = DB_HELP) => new Option('--db <path>', help);

/** `--json`; `help` only where the document differs from the command's usual output. */
export const jsonOption = (help: string = JSON_HELP) => new Option('--json', help);

/** The option values a command parses, as its declarations type them. */
export type OptsOf<C extends { opts(): unknown }> = ReturnType<C['opts']>;

/**
 * Turns `add`, which declares options on a plain command, into a helper for any command that keeps
 * the options that command already has and adds `add`'s, all typed. `add` is checked on a plain
 * command because chaining options on a generic one makes the compiler's work grow with each option.
 */
export const sharedOptions =
  <T extends OptionValues>(add: (c: Command) => Command<[], T>) =>
  <A extends unknown[], O extends OptionValues, G extends OptionValues>(c: Command<A, O, G>) =>
    // The one cast: `add` only adds options, so the arguments and earlier options stay as they were.
    add(c as unknown as Command) as unknown as Command<A, O & T, G>;

/** Adds `--db` and `--json`, the pair almost every store command takes, in that order. */
export const withDbAndJson = sharedOptions((c) => c.addOption(dbOption()).addOption(jsonOption()));

/** Parser of a repeatable flag: each use adds its value to the list. */
export const collect = (v: string, all: string[] = []): string[] => [...all, v];

/** What a numeric flag accepts; bounds are inclusive unless `positive`. */
export interface NumberRule {
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** Greater than zero. */
  readonly positive?: boolean;
  readonly min?: number;
  readonly max?: number;
}

function expected(rule: NumberRule): string {
  const kind = rule.integer ? 'an integer' : 'a number';
  const sign = rule.positive ? `${rule.integer ? 'a positive integer' : 'a positive number'}` : kind;
  if (rule.min !== undefined && rule.max !== undefined) return `${sign} from ${rule.min} to ${rule.max}`;
  if (rule.min !== undefined) return `${sign} ≥ ${rule.min}`;
  if (rule.max !== undefined) return `${sign} ≤ ${rule.max}`;
  return sign;
}

/**
 * The number a flag's text stands for, or `undefined` when the flag was not given. Anything else
 * (empty, `12abc`, `NaN`, out of the rule's bounds) is a BAD_INPUT naming the flag and the text.
 *
 * @example numberFlag('--days', opts.days, { integer: true, min: 1, max: 30 })
 */
export function numberFlag(
  flag: string,
  value: string | undefined,
  rule: NumberRule = {},
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const ok =
    value.trim() !== '' &&
    Number.isFinite(n) &&
    !(rule.integer && !Number.isInteger(n)) &&
    !(rule.positive && n <= 0) &&
    !(rule.min !== undefined && n < rule.min) &&
    !(rule.max !== undefined && n > rule.max);
  if (!ok)
    throw new XinzhiError('BAD_INPUT', `${flag} must be ${expected(rule)}, got '${value}'`, { field: flag });
  return n;
}

/** As `numberFlag`, for a flag that must be there (a required option, or one with a default). */
export function requiredNumberFlag(flag: string, value: string | undefined, rule: NumberRule = {}): number {
  const n = numberFlag(flag, value, rule);
  if (n === undefined) throw new XinzhiError('BAD_INPUT', `${flag} is required`, { field: flag });
  return n;
}
