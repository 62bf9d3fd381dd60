import { Command } from '@commander-js/extra-typings';
import { DEFAULT_ORG } from '../../core/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { withStore } from '../open-store.js';
import { dbOption, jsonOption } from '../options.js';

/** `xinzhi orgs create|list`: organisations, the outermost scope of keys and data. */
export function orgsCommand(ctx: CliContext): Command {
  const orgs = new Command('orgs').description(
    `organisations: keys act in one; sites belong to one (unregistered sites to '${DEFAULT_ORG}')`,
  );
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
  return orgs;
}

/** `xinzhi sites set|list`: which organisation each site (first segment of asset paths) belongs to. */
export function sitesCommand(ctx: CliContext): Command {
  const sites = new Command('sites').description(
    `sites (the first segment of asset paths) and their organisation; unregistered ones belong to '${DEFAULT_ORG}'`,
  );
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
  return sites;
}

/** Registers both commands (typed as `RegisterCommand`). */
export const register = (program: Command, ctx: CliContext): void => {
  program.addCommand(orgsCommand(ctx));
  program.addCommand(sitesCommand(ctx));
};
