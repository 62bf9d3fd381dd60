/** `xinzhi ledger append`: sign and append the EPCIS event(s) in a JSON-LD file. */

import type { Command } from '@commander-js/extra-typings';
import { Presets, SingleBar } from 'cli-progress';
import { issuesError } from '../../../core/index.js';
import { type AppendResult, parseEpcisText } from '../../../ledger/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { readText, storeOptions, withLedger } from './shared.js';

export function registerAppend(parent: Command, ctx: CliContext): void {
  storeOptions(
    parent.command('append <file>').description('sign and append the EPCIS event(s) in a JSON-LD file'),
  )
    .requiredOption('--org <name>', 'recording organisation')
    .option('--origin <origin>', 'log origin when the log is created')
    .option('--no-checkpoint', 'do not sign a checkpoint after appending')
    .addOption(jsonOption())
    .action(
      action(ctx, async (file, o) => {
        const parsed = parseEpcisText(readText(file, 'file'));
        if (!parsed.ok)
          throw issuesError(parsed.issues, {
            fallback: 'file',
            detail: parsed.issues.map((i) => i.message).join('; '),
          });
        const results: AppendResult[] = await withLedger(o, async (l) => {
          const events = parsed.value.events;
          // A progress bar on a terminal for large files (stdout stays clean for --json).
          const bar =
            process.stderr.isTTY && !o.json && events.length >= 5000
              ? new SingleBar(
                  { stream: process.stderr, format: 'appending [{bar}] {value}/{total}' },
                  Presets.shades_classic,
                )
              : undefined;
          bar?.start(events.length, 0);
          const r = await l.append(o.org, events, parsed.value.context, (done) => bar?.update(done));
          bar?.stop();
          if (o.checkpoint) await l.checkpoint();
          return r;
        });
        const out = results.length === 1 ? results[0] : results;
        if (o.json) printJson(ctx, out);
        else ctx.stdout(results.map((r) => `${r.index}\t${r.leaf_hash}\t${r.event_id}`).join('\n'));
      }),
    );
}
