/** `xinzhi sites list`: the registered sites and their organisations. */
import type { Command } from '@commander-js/extra-typings';
import { DEFAULT_ORG } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';

export function registerSitesList(sites: Command, ctx: CliContext): void {
  sites
    .command('list')
    .description('list registered sites')
    .option('--org <org>', 'only this organisation')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        const list = await withStore(opts, (s) => s.listSites(opts.org));
        if (opts.json) printJson(ctx, { sites: list });
        else if (list.length === 0) ctx.stdout(`no registered sites (all belong to '${DEFAULT_ORG}')`);
        else for (const x of list) ctx.stdout(`${x.id.padEnd(20)}  ${x.org.padEnd(20)}  ${x.name}`);
      }),
    );
}
