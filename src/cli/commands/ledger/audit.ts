/** `xinzhi ledger audit`: recompute the log from storage against the signed checkpoints. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { storeOptions, withLedger } from './shared.js';

export function registerAudit(parent: Command, ctx: CliContext): void {
  storeOptions(
    parent.command('audit').description('recompute the log from storage against the signed checkpoints'),
  )
    .addOption(jsonOption())
    .action(
      action(ctx, async (o) => {
        const r = await withLedger(o, (l) => l.audit());
        if (o.json) printJson(ctx, r);
        else if (r.ok) ctx.stdout(`ok: ${r.entries} entries match ${r.checkpoints} signed checkpoints`);
        else
          ctx.stdout(
            `TAMPERED: first at index ${r.first?.index} (${r.first?.kind}): ${r.first?.detail}\n${r.problems.length} finding(s)`,
          );
        if (!r.ok) process.exitCode = 1;
      }),
    );
}
