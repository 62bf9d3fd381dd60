/** What every `alarms` subcommand takes: `--db` and `--json`. */
import type { Command } from 'commander';
import { dbOption, jsonOption } from '../../options.js';

export interface Common {
  db?: string;
  json?: boolean;
}

export const common = (c: Command): Command => c.addOption(dbOption()).addOption(jsonOption());
