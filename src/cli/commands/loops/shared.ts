/** What the `loops` subcommands share: the loop as the API answers it, its printed forms, and the `--url`/`--key`/`--json` flags. */
import { toIso } from '../../../core/index.js';
import { DEFAULT_API_URL } from '../../api-client.js';
import { jsonOption, sharedOptions } from '../../options.js';

/** The parts of `/control/loops` answers this command shows. */
export interface Loop {
  id: string;
  status: string;
  mode: 'auto' | 'manual';
  sp: number;
  op: number;
  pv: { ts: number; value: number } | null;
  saturated: 'high' | 'low' | null;
  config: {
    description: string;
    pvSeries: string | null;
    opTopic: string | null;
    opUnit: string;
    sampleTimeMs: number;
    tuning: { kc: number; ti: number | null; td: number };
    limits: { outMin: number; outMax: number; rateLimit: number | null };
  };
}

export const path = (id: string, tail = ''): string => `/control/loops/${encodeURIComponent(id)}${tail}`;

export const summary = (l: Loop): string =>
  `${l.id}  ${l.mode}  ${l.status}  SP ${l.sp}  PV ${l.pv === null ? '—' : l.pv.value}  OP ${l.op} ${l.config.opUnit}` +
  (l.saturated ? ` (at ${l.saturated} limit)` : '');

export const detail = (l: Loop): string =>
  [
    summary(l),
    l.config.description ? `  ${l.config.description}` : '',
    `  PV series ${l.config.pvSeries ?? '—'}${l.pv ? ` (last ${toIso(l.pv.ts)})` : ''}, output topic ${l.config.opTopic ?? '—'}`,
    `  tuning Kc ${l.config.tuning.kc}, Ti ${l.config.tuning.ti ?? '∞'} s, Td ${l.config.tuning.td} s; output ${l.config.limits.outMin}..${l.config.limits.outMax} ${l.config.opUnit}; sample ${l.config.sampleTimeMs} ms`,
  ]
    .filter(Boolean)
    .join('\n');

export const common = sharedOptions((c) =>
  c
    .option('--url <url>', `the running server (default $XINZHI_URL or ${DEFAULT_API_URL})`)
    .option('--key <key>', 'API key of an operator (default $XINZHI_API_KEY)')
    .addOption(jsonOption()),
);
