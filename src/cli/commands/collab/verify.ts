/** `xinzhi collab verify <bundle>`: re-solve the game and check every signature offline. */
import type { Command } from '@commander-js/extra-typings';
import { collaboration } from '../../../domains/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { lpSolve, readBundle } from './shared.js';

export function registerVerify(collab: Command, ctx: CliContext): void {
  collab
    .command('verify <bundle>')
    .description(
      're-compute an agreement from its game and verify every signature and its ledger proof, offline',
    )
    .option('--log-key <key>', "the log's verifier key you trust (else the bundle's own, and it says so)")
    .option('--org-key <key...>', 'partner verifier keys you trust')
    .option('--require-ledger', 'fail when the bundle carries no ledger proof')
    .addOption(jsonOption('print JSON'))
    .action(
      action(ctx, async (file, o) => {
        const v = await collaboration.verifyAgreement(readBundle(file), await lpSolve(), {
          ...(o.logKey === undefined ? {} : { trustedLogKey: o.logKey }),
          ...(o.orgKey === undefined ? {} : { trustedOrgKeys: o.orgKey }),
          requireLedger: o.requireLedger === true,
        });
        // As `ledger verify`: an agreement that does not verify is an answer (exit 1), not a usage error.
        if (!v.ok) {
          if (o.json) printJson(ctx, { valid: false, issues: v.issues });
          else ctx.stderr(`INVALID:\n  ${v.issues.map((i) => `${i.where}: ${i.message}`).join('\n  ')}`);
          process.exitCode = 1;
          return;
        }
        if (o.json) return printJson(ctx, { valid: true, ...v.value });
        ctx.stdout(`agreement ${v.value.hash}: OK`);
        for (const c of v.value.checks) ctx.stdout(`  ✓ ${c}`);
        ctx.stdout(
          `  ${v.value.method}: ${Object.entries(v.value.recomputed)
            .map(([p, x]) => `${p} ${x}`)
            .join(', ')}`,
        );
      }),
    );
}
