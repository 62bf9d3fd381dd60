/** `xinzhi witness cosign <request>`: answer one add-checkpoint request file offline. */
import { readFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { parseAddCheckpointBody } from '../../../ledger/index.js';
import { action, type CliContext } from '../../context.js';
import { loadWitness, openStore, witnessOptions } from './witness-store.js';

export function registerCosign(w: Command, ctx: CliContext): void {
  witnessOptions(
    w
      .command('cosign <request>')
      .description('answer one add-checkpoint request file offline (prints the cosignature line)'),
  ).action(
    action(ctx, async (file, o) => {
      const { store, close } = await openStore(o.db);
      try {
        const { witness } = await loadWitness(store, o.name);
        const req = parseAddCheckpointBody(readFileSync(file, 'utf8'));
        if ('error' in req) throw new XinzhiError('BAD_INPUT', req.error, { field: 'request' });
        const res = await witness.addCheckpoint(req);
        if (res.status === 200) ctx.stdout(res.cosignature);
        else {
          ctx.stderr(`refused (${res.status}): ${res.message}`);
          process.exitCode = res.status === 409 ? 5 : 1;
        }
      } finally {
        await close();
      }
    }),
  );
}
