/** `xinzhi nlp tag <model> <text>`: the entities of one text. */
import type { Command } from '@commander-js/extra-typings';
import { tagText } from '../../../analytics/nlp/index.js';
import { XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { dbOption, jsonOption } from '../../options.js';
import { resolveModel } from './shared.js';

export function registerTag(nlp: Command, ctx: CliContext): void {
  nlp
    .command('tag <model> <text>')
    .description('entities in free text (Chinese split into characters, other text into words)')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (ref, text, opts) => {
        if (text.length > 100_000)
          throw new XinzhiError('BAD_INPUT', 'text longer than 100000 characters', { field: 'text' });
        const model = await resolveModel(ref, opts.db);
        const r = tagText(model, text);
        if (opts.json) printJson(ctx, r);
        else
          ctx.stdout(
            r.entities.length
              ? r.entities.map((e) => `${e.type}\t${e.from}-${e.to}\t${e.text}`).join('\n')
              : '(no entities)',
          );
      }),
    );
}
