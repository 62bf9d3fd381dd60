/** `xinzhi orgs create <id>`: a new organisation. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';

export function registerOrgsCreate(orgs: Command, ctx: CliContext): void {
  orgs
    .command('create <id>')
    .description('create an organisation')
    .option('--name <name>', 'display name (default: the id)')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id, opts) => {
        const org = await withStore(opts, (s) =>
          s.createOrg({ id, name: opts.name ?? id, createdAt: Date.now() }),
        );
        if (opts.json) printJson(ctx, org);
        else ctx.stdout(`created organisation ${org.id} ('${org.name}')`);
      }),
    );
}
