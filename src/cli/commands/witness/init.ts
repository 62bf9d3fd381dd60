/** `xinzhi witness init`: create the witness key (cosignature/v1) and print its verifier key. */
import type { Command } from '@commander-js/extra-typings';
import { systemClock, XinzhiError } from '../../../core/index.js';
import { ALG_COSIGNATURE_V1, ed25519Generate, isValidKeyName, noteKeyId } from '../../../ledger/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { loadWitness, openStore, witnessOptions } from './witness-store.js';

export function registerInit(w: Command, ctx: CliContext): void {
  witnessOptions(
    w.command('init').description('create the witness key (cosignature/v1) and print its verifier key'),
  )
    .addOption(jsonOption())
    .action(
      action(ctx, async (o) => {
        if (!isValidKeyName(o.name))
          throw new XinzhiError('BAD_INPUT', `witness name '${o.name}' has '+' or whitespace`, {
            field: 'name',
          });
        const { store, close } = await openStore(o.db);
        try {
          if (!(await store.keysOf(o.name)).some((k) => k.kind === 'witness')) {
            const k = ed25519Generate();
            await store.putKey({
              owner: o.name,
              keyId: noteKeyId(o.name, ALG_COSIGNATURE_V1, k.publicKey).toString('hex'),
              kind: 'witness',
              name: o.name,
              algorithm: ALG_COSIGNATURE_V1,
              publicKey: k.publicKey,
              privateSeed: k.seed,
              validFrom: systemClock.now(),
              validUntil: null,
            });
          }
          const { vkey } = await loadWitness(store, o.name);
          if (o.json) printJson(ctx, { name: o.name, public_key: vkey });
          else ctx.stdout(vkey);
        } finally {
          await close();
        }
      }),
    );
}
