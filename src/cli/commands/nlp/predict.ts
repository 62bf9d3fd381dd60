/** `xinzhi nlp predict <model> <input>`: tags for every sentence of a CoNLL file. */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { parseConll, predictTags } from '../../../analytics/nlp/index.js';
import { action, type CliContext } from '../../context.js';
import { dbOption } from '../../options.js';
import { readText, resolveModel } from './shared.js';

export function registerPredict(nlp: Command, ctx: CliContext): void {
  nlp
    .command('predict <model> <input>')
    .description('the CoNLL file with a last column added: the predicted tag')
    .requiredOption('--out <file>', 'where to write the predictions ("-" for stdout)')
    .addOption(dbOption())
    .action(
      action(ctx, async (ref, inPath, opts) => {
        const model = await resolveModel(ref, opts.db);
        const text = readText(inPath, 'input');
        // Parse once to validate (and name a bad line) before writing anything.
        parseConll(text, { source: basename(inPath), requireTags: false });
        const lines = text.split(/\r?\n/);
        const out: string[] = [];
        let block: number[] = [];
        const flush = (): void => {
          if (!block.length) return;
          const tokens = block.map((i) => (lines[i] as string).trim().split(/\s+/)[0] as string);
          const tags = predictTags(model, tokens);
          block.forEach((i, k) => {
            out[i] = `${(lines[i] as string).trimEnd()} ${tags[k]}`;
          });
          block = [];
        };
        lines.forEach((l, i) => {
          const t = l.trim();
          if (t === '' || t.startsWith('-DOCSTART-')) {
            flush();
            out[i] = l;
          } else block.push(i);
        });
        flush();
        const result = out.join('\n');
        if (opts.out === '-') ctx.stdout(result);
        else writeFileSync(opts.out, result);
      }),
    );
}
