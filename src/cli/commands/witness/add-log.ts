/** `xinzhi witness add-log <logKey>`: trust a log (its verifier key, as `ledger prove` prints). */
import type { Command } from '@commander-js/extra-typings';
import { parseVerifierKey } from '../../../ledger/index.js';
import { action, type CliContext } from '../../context.js';
import { openStore, witnessOptions } from './witness-store.js';

export function registerAddLog(w: Command, ctx: CliContext): void {
  witnessOptions(
    w.command('add-log <logKey>').description('trust a log (its verifier key, as `ledger prove` prints)'),
  ).action(
    action(ctx, async (logKey, o) => {
      parseVerifierKey(logKey);
      const { store, close } = await openStore(o.db);
      try {
        const key = `witness.logs.${o.name}`;
        const list = new Set(JSON.parse((await store.getMeta(key)) ?? '[]') as string[]);
        list.add(logKey.trim());
        await store.setMeta(key, JSON.stringify([...list]));
        ctx.stdout(`${o.name} now witnesses ${[...list].map((k) => k.split('+')[0]).join(', ')}`);
      } finally {
        await close();
      }
    }),
  );
}
