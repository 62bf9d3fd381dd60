/** `xinzhi report types`: the report types. */
import type { Command } from '@commander-js/extra-typings';
import { reports } from '../../../domains/index.js';
import type { CliContext } from '../../context.js';

export function registerTypes(report: Command, ctx: CliContext): void {
  report
    .command('types')
    .description('the report types')
    .action(() => ctx.stdout(reports.availableReportTypes().join('\n')));
}
