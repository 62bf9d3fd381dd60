/** `xinzhi ledger verify`: verify a proof bundle offline (exit 0 when valid). */
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { verifyBundle } from '../../../ledger/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { readText } from './shared.js';

export function registerVerify(parent: Command, ctx: CliContext): void {
  parent
    .command('verify <bundle>')
    .description('verify a proof bundle offline (exit 0 when valid)')
    .option('--log-key <vkey>', 'the log verifier key you trust (default: the one in the bundle)')
    .option('--org-key <vkey...>', 'organisation keys you trust')
    .option('--witness <vkey...>', 'witness cosignature keys of your policy')
    .option('--quorum <n>', 'how many of --witness must cosign', (v) => Number(v))
    .addOption(jsonOption())
    .action(
      action(ctx, async (file, o) => {
        let bundle: unknown;
        try {
          bundle = JSON.parse(readText(file, 'bundle'));
        } catch (e) {
          if (e instanceof XinzhiError) throw e;
          throw new XinzhiError('BAD_INPUT', `${file} is not JSON`, { field: 'bundle' });
        }
        const r = verifyBundle(bundle, {
          ...(o.logKey ? { trustedLogKey: o.logKey } : {}),
          ...(o.orgKey ? { trustedOrgKeys: o.orgKey } : {}),
          ...(o.witness
            ? { witnessPolicy: { witnesses: o.witness, quorum: o.quorum ?? o.witness.length } }
            : {}),
        });
        if (o.json) printJson(ctx, r.ok ? { valid: true, ...r.value } : { valid: false, issues: r.issues });
        else if (r.ok)
          ctx.stdout(
            `valid: entry ${r.value.index} of ${r.value.origin} (tree ${r.value.tree_size})\n  ${r.value.checks.join('\n  ')}`,
          );
        else ctx.stderr(`INVALID:\n  ${r.issues.map((i) => i.message).join('\n  ')}`);
        if (!r.ok) process.exitCode = 1;
      }),
    );
}
