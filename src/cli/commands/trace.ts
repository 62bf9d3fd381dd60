/**
 * `xinzhi trace <epc|lot…> --forward|--backward [--at ISO] [--json] [--recall]`: where a lot or
 * item went (forward) or came from (backward) through the partners' events on the ledger, each
 * hop with its time, place, signer and inclusion proof (docs/ledger.md, "Tracing a lot").
 * `--recall` prints the recall report CSV of a forward trace: who received what, how much.
 */
import type { Command } from '@commander-js/extra-typings';
import { parseTime, XinzhiError } from '../../core/index.js';
import { textTable } from '../../core/text-table.js';
import { trace } from '../../ledger/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { jsonOption } from '../options.js';
import { storeOptions, withLedger } from './ledger/shared.js';

interface TraceCliOptions {
  db?: string;
  secretKeyFile?: string;
  forward?: boolean;
  backward?: boolean;
  at?: string;
  json?: boolean;
  recall?: boolean;
  maxEvents?: string;
  proofs: boolean;
}

/** Lines of hops printed without `--json` (the JSON carries all of them). */
const TEXT_HOPS = 200;

function direction(o: TraceCliOptions): trace.TraceDirection {
  if (o.forward === o.backward)
    throw new XinzhiError('BAD_INPUT', 'give exactly one of --forward and --backward', {
      field: 'direction',
    });
  if (o.recall && !o.forward)
    throw new XinzhiError('BAD_INPUT', 'the recall report follows a lot forward: use --forward', {
      field: 'recall',
    });
  return o.forward ? 'forward' : 'backward';
}

function printText(ctx: CliContext, r: trace.TraceResult): void {
  const short = (s: string | null) => (s === null ? '' : s.replace(/^https:\/\/id\.gs1\.org/, ''));
  ctx.stdout(
    `${r.direction} trace of ${r.start.join(', ')}${r.at ? ` as of ${r.at}` : ''}: ${r.nodes.length} identifiers, ${r.hops.length} events`,
  );
  ctx.stdout(
    textTable([
      ['identifier', 'kind', 'how', 'last holder', 'where'],
      ...r.nodes.map((n) => [
        short(n.id),
        n.kind,
        n.role,
        n.holder?.org ?? '',
        short(n.holder?.location ?? null),
      ]),
    ]).join('\n'),
  );
  const shown = r.hops.slice(0, TEXT_HOPS);
  ctx.stdout(
    textTable(
      [
        ['#', 'time', 'signed by', 'event', 'where', 'to', 'proof'],
        ...shown.map((h) => [
          String(h.index),
          h.time,
          h.org,
          [h.event_type.replace(/Event$/, ''), h.action, h.biz_step].filter(Boolean).join(' '),
          short(h.location),
          h.destinations.map((d) => d.id).join(' '),
          h.proof ? `${h.proof.proof.length} hashes` : 'not checkpointed',
        ]),
      ],
      { right: [0] },
    ).join('\n'),
  );
  if (r.hops.length > shown.length)
    ctx.stdout(`… ${r.hops.length - shown.length} more events (--json lists all)`);
  if (r.retracted.length > 0)
    ctx.stdout(`left out, retracted by an error declaration: ${r.retracted.join(', ')}`);
  if (r.truncated) ctx.stdout('the trace stopped at --max-events; raise it to see the rest');
}

export const register = (program: Command, ctx: CliContext): void => {
  storeOptions(
    program
      .command('trace <id...>')
      .description(
        'trace a lot or item through the ledger: where it went (--forward) or came from (--backward)',
      ),
  )
    .option('--forward', 'everything made from or shipped with it, to the last holder')
    .option('--backward', 'every input and source')
    .option('--at <time>', 'the trace as it stood then (ISO 8601 or epoch)')
    .addOption(jsonOption('print the trace as JSON (nodes, edges, hops with proofs, checkpoint)'))
    .option('--recall', 'print the recall report CSV (customers and quantities affected)')
    .option('--max-events <n>', 'stop after this many events (default 10000)')
    .option('--no-proofs', 'leave out the inclusion proofs')
    .action(
      action(ctx, async (ids, o) => {
        const dir = direction(o);
        const at = o.at === undefined ? undefined : parseTime(o.at);
        if (o.at !== undefined && at === undefined)
          throw new XinzhiError('BAD_INPUT', `--at '${o.at}' is not a time`, { field: 'at' });
        const max = o.maxEvents === undefined ? undefined : Number(o.maxEvents);
        if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 100_000))
          throw new XinzhiError('BAD_INPUT', '--max-events is a whole number from 1 to 100000', {
            field: 'max-events',
          });
        const r = await withLedger(o, (l) =>
          trace.traceLot(l, ids, {
            direction: dir,
            ...(at === undefined ? {} : { at }),
            ...(max === undefined ? {} : { maxEvents: max }),
            proofs: o.proofs && !o.recall,
          }),
        );
        if (o.recall) return ctx.stdout(trace.recallCsv(r));
        if (o.json) return printJson(ctx, r);
        printText(ctx, r);
      }),
    );
};
