/** `xinzhi nlp eval <model> <test>`: the seqeval report of a model on a CoNLL file. */
import type { Command } from '@commander-js/extra-typings';
import { evaluate, formatReport } from '../../../analytics/nlp/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { dbOption, jsonOption } from '../../options.js';
import { r4, readConll, resolveModel } from './shared.js';

export function registerEval(nlp: Command, ctx: CliContext): void {
  nlp
    .command('eval <model> <test>')
    .description('seqeval-style classification report (entity level, strict span and type match)')
    .addOption(dbOption())
    .addOption(jsonOption('print the report as JSON'))
    .action(
      action(ctx, async (ref, testPath, opts) => {
        const model = await resolveModel(ref, opts.db);
        const test = readConll(testPath, 'test', true, undefined);
        const t0 = performance.now();
        const report = evaluate(model, test);
        const seconds = (performance.now() - t0) / 1000;
        if (opts.json) printJson(ctx, { sentences: test.length, seconds: r4(seconds), ...report });
        else ctx.stdout(formatReport(report));
      }),
    );
}
