/** `xinzhi orgs list`: every organisation. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';

export function registerOrgsList(orgs: Command, ctx: CliContext): void {
  orgs
    .command('list')
    .description('list organisations')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        const list = await withStore(opts, (s) => s.listOrgs());
        if (opts.json) printJson(ctx, { orgs: list });
        else for (const o of list) ctx.stdout(`${o.id.padEnd(20)}  ${o.name}`);
      }),
    );
}
