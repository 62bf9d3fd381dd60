/**
 * `xinzhi nlp`: train, evaluate and apply token-classification (NER) models on CoNLL files.
 *   xinzhi nlp train train.conll [--dev dev.conll] --out ner.json [--register addr] [--cv 3]
 *   xinzhi nlp eval ner.json test.conll --json
 *   xinzhi nlp predict ner.json in.conll --out pred.conll
 *   xinzhi nlp tag ner.json "杭州市西湖区文三路478号"
 * Training is a tracked run (`xinzhi runs list|show`); a model argument is a model file or a One file per subcommand.
 */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerEval } from './eval.js';
import { registerPredict } from './predict.js';
import { registerTag } from './tag.js';
import { registerTrain } from './train.js';

/** Adds `nlp` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const cmd = new Command('nlp').description(
    'token classification (NER) on CoNLL files: train a CRF, evaluate (seqeval report), predict, tag text',
  );
  registerTrain(cmd, ctx);
  registerEval(cmd, ctx);
  registerPredict(cmd, ctx);
  registerTag(cmd, ctx);
  program.addCommand(cmd);
};
