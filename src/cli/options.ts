/**
 * The options many commands share, declared once: `--db` (one help text for every command that
 * opens the store), `--json`, and the parsing of numeric flag values with one form of error.
 * Commander parses flags; these only fix what the flags are called, say and accept.
 */
import { type Command, Option } from 'commander';
import { XinzhiError } from '../core/index.js';

/** What `--db` says everywhere: the store `openStoreFromOptions` opens. */
export const DB_HELP = 'database file or postgres:// URL (default $XINZHI_DB, else ./xinzhi.db)';

/** What `--json` says where the JSON needs no description of its own. */
export const JSON_HELP = 'print one JSON document';

/** `--db <path>`, the store a command reads or writes. */
export const dbOption = (): Option => new Option('--db <path>', DB_HELP);

/** `--json`; `help` only where the document differs from the command's usual output. */
export const jsonOption = (help: string = JSON_HELP): Option => new Option('--json', help);

/** Adds `--db` and `--json`, the pair almost every store command takes, in that order. */
export const withDbAndJson = <C extends Command>(c: C): C =>
  c.addOption(dbOption()).addOption(jsonOption()) as C;

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
