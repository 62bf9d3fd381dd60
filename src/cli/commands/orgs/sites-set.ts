/** `xinzhi sites set <site>`: register a site under an organisation, move it, or rename it. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';

export function registerSitesSet(sites: Command, ctx: CliContext): void {
  sites
    .command('set <site>')
    .description('register a site under an organisation, move it, or rename it')
    .requiredOption('--org <org>', 'organisation')
    .option('--name <name>', 'display name (default: the id, or the current name)')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id, opts) => {
        const site = await withStore(opts, async (s) => {
          const existing = (await s.listSites()).find((x) => x.id === id);
          return s.putSite({
            id,
            org: opts.org,
            name: opts.name ?? existing?.name ?? id,
            createdAt: existing?.createdAt ?? Date.now(),
          });
        });
        if (opts.json) printJson(ctx, site);
        else ctx.stdout(`site ${site.id} ('${site.name}') belongs to organisation ${site.org}`);
      }),
    );
}
