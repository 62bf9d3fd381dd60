/** `xinzhi collab agree <game>`: every partner signs the split of a game's value; it goes on the ledger. */
import { writeFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { collaboration } from '../../../domains/index.js';
import { action, type CliContext } from '../../context.js';
import { jsonOption } from '../../options.js';
import { readGame } from '../game.js';
import { storeOptions, withLedger } from '../ledger/shared.js';
import { lpSolve } from './shared.js';

export function registerAgree(collab: Command, ctx: CliContext): void {
  storeOptions(
    collab
      .command('agree <game>')
      .description("split a game's value, have every partner (a ledger organisation) sign it, record it"),
  )
    .requiredOption('--method <m>', 'shapley or nucleolus')
    .option('--org <name>', 'the partner that records it on the ledger (default: the first player)')
    .option('--name <text>', 'a name for the agreement')
    .option('--out <file>', 'write the bundle here (default: print it)')
    .addOption(jsonOption('print JSON'))
    .action(
      action(ctx, async (file, o) => {
        if (!(collaboration.AGREEMENT_METHODS as readonly string[]).includes(o.method))
          throw new XinzhiError('BAD_INPUT', `--method is shapley or nucleolus, not '${o.method}'`, {
            field: 'method',
          });
        const g = readGame(file);
        const solve = await lpSolve();
        const bundle = await withLedger(o, (l) =>
          collaboration.agree(l, g, o.method as collaboration.AgreementMethod, solve, {
            ...(o.org === undefined ? {} : { recorder: o.org }),
            ...(o.name === undefined ? {} : { name: o.name }),
          }),
        );
        const text = JSON.stringify(bundle, null, 2);
        if (o.out) {
          writeFileSync(o.out, `${text}\n`);
          ctx.stdout(
            o.json
              ? JSON.stringify({
                  out: o.out,
                  hash: bundle.agreement.hash,
                  index: bundle.ledger?.index ?? null,
                })
              : `agreement ${bundle.agreement.hash} signed by ${bundle.signatures.map((s) => s.org).join(', ')}, recorded at index ${bundle.ledger?.index}; bundle in ${o.out}`,
          );
        } else ctx.stdout(text);
      }),
    );
}
