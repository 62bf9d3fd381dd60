/** `xinzhi collab capacity <input>`: pooled capacity; joint LP plan, Owen shares against Shapley. */
import type { Command } from '@commander-js/extra-typings';
import { collaboration } from '../../../domains/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { lpSolve, printCase, readJsonFile } from './shared.js';

export function registerCapacity(collab: Command, ctx: CliContext): void {
  collab
    .command('capacity <input>')
    .description('pooled capacity: the joint plan by LP, shared by shadow prices (Owen) and by Shapley')
    .option('--lang <en|zh>', 'language of the sentences (default en)')
    .addOption(jsonOption('print JSON'))
    .action(
      action(ctx, async (file, o) => {
        const r = await collaboration.pooledCapacity(readJsonFile(file, 'input'), await lpSolve());
        if (o.json) return printJson(ctx, r);
        printCase(ctx, r, o.lang === 'zh' ? 'zh' : 'en');
      }),
    );
}
