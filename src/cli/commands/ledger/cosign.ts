/**
 * `xinzhi ledger cosign`: send the latest checkpoint to witnesses (tlog-witness add-checkpoint).
 */
import type { Command } from '@commander-js/extra-typings';
import { formatAddCheckpointBody, fromHex } from '../../../ledger/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { storeOptions, withLedger } from './shared.js';

export function registerCosign(parent: Command, ctx: CliContext): void {
  storeOptions(
    parent
      .command('cosign')
      .description('send the latest checkpoint to witnesses (tlog-witness add-checkpoint)'),
  )
    .requiredOption('--witness <url...>', 'witness base URLs, e.g. http://partner:7380')
    .addOption(jsonOption())
    .action(
      action(ctx, async (o) => {
        const out = await withLedger(o, async (l) => {
          const cp = await l.checkpoint();
          const results: { witness: string; status: number; message: string }[] = [];
          const lines: string[] = [];
          for (const url of o.witness) {
            const key = `witness.size.${url}`;
            let oldSize = Number((await l.store.getMeta(key)) ?? 0);
            for (let attempt = 0; attempt < 2; attempt++) {
              const proof =
                oldSize === 0 || oldSize === cp.size
                  ? []
                  : (await l.consistencyProof(oldSize, cp.size)).map((h) => fromHex(h)!);
              const res = await fetch(new URL('add-checkpoint', url.endsWith('/') ? url : `${url}/`), {
                method: 'POST',
                body: formatAddCheckpointBody({ oldSize, proof, note: cp.note }),
              });
              const text = await res.text();
              if (res.status === 409 && attempt === 0 && /^\d+$/.test(text.trim())) {
                oldSize = Number(text.trim());
                continue;
              }
              if (res.ok) {
                lines.push(...text.split('\n').filter((x) => x.startsWith('\u2014 ')));
                await l.store.setMeta(key, String(cp.size));
              }
              results.push({ witness: url, status: res.status, message: res.ok ? 'cosigned' : text.trim() });
              break;
            }
          }
          const updated = await l.addCosignatures(cp.id, lines);
          return { checkpoint: updated, results };
        });
        if (o.json) printJson(ctx, out);
        else {
          for (const r of out.results) ctx.stderr(`${r.witness}: ${r.status} ${r.message}`);
          process.stdout.write(out.checkpoint.note);
        }
        if (out.results.some((r) => r.status !== 200)) process.exitCode = 1;
      }),
    );
}
