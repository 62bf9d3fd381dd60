/**
 * `xinzhi orgs create|list` (organisations, the outermost scope of keys and data) and
 * `xinzhi sites set|list` (which organisation each site, the first segment of asset paths,
 * belongs to). One file per subcommand.
 */
import { Command } from '@commander-js/extra-typings';
import { DEFAULT_ORG } from '../../../core/index.js';
import type { CliContext } from '../../context.js';
import { registerOrgsCreate } from './orgs-create.js';
import { registerOrgsList } from './orgs-list.js';
import { registerSitesList } from './sites-list.js';
import { registerSitesSet } from './sites-set.js';

export function orgsCommand(ctx: CliContext): Command {
  const orgs = new Command('orgs').description(
    `organisations: keys act in one; sites belong to one (unregistered sites to '${DEFAULT_ORG}')`,
  );
  registerOrgsCreate(orgs, ctx);
  registerOrgsList(orgs, ctx);
  return orgs;
}

export function sitesCommand(ctx: CliContext): Command {
  const sites = new Command('sites').description(
    `sites (the first segment of asset paths) and their organisation; unregistered ones belong to '${DEFAULT_ORG}'`,
  );
  registerSitesSet(sites, ctx);
  registerSitesList(sites, ctx);
  return sites;
}

/** Registers both commands (typed as `RegisterCommand`). */
export const register = (program: Command, ctx: CliContext): void => {
  program.addCommand(orgsCommand(ctx));
  program.addCommand(sitesCommand(ctx));
};
