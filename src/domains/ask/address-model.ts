/**
 * Where `ask` gets its Chinese address model: a model file named by the caller or
 * `$XINZHI_ADDRESS_MODEL`, else a cached model trained once from the CCKS 2021 address corpus
 * (`$XINZHI_BENCHMARKS/ner-address/ccks2021/train.conll`, else `../shared/benchmarks/` next to the
 * repository). Training takes about a minute on two cores (docs/nlp.md) and is done on first use;
 * the model (12 MB) is cached outside the repository, never committed. L2 30 and 4 epochs are the
 * 3-fold CV choice on CCKS train reported in docs/nlp.md.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type NerModel, parseConll, parseModel, trainCrf } from '../../analytics/nlp/index.js';
import { XinzhiError } from '../../core/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const ADDRESS_TRAINING = { l2: 30, epochs: 4 } as const;

export function addressCorpusPath(env: NodeJS.ProcessEnv = process.env): string {
  const root = env['XINZHI_BENCHMARKS'] ?? join(repoRoot, '..', 'shared', 'benchmarks');
  return join(root, 'ner-address', 'ccks2021', 'train.conll');
}

export function defaultAddressModelPath(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache');
  return join(cache, 'xinzhi', 'address-ccks2021-crf.json');
}

export interface AddressModelSource {
  /** A model file given by the user (`--address-model`); errors when it cannot be read. */
  readonly file?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Told when a model is being trained (it takes a minute). */
  readonly onTrain?: (message: string) => void;
  /** Use only the first N training addresses (tests). */
  readonly limit?: number;
  readonly epochs?: number;
  /** Train from the corpus when no model exists (default true; the server passes false). */
  readonly train?: boolean;
}

/** The address model, or undefined when neither a model file nor the training corpus exists. */
export function loadAddressModel(src: AddressModelSource = {}): NerModel | undefined {
  const env = src.env ?? process.env;
  const given = src.file ?? env['XINZHI_ADDRESS_MODEL'];
  if (given) {
    if (!existsSync(given))
      throw new XinzhiError('NOT_FOUND', `address model ${given} does not exist`, { field: 'address-model' });
    return parseModel(readFileSync(given, 'utf8'), given);
  }
  const cached = defaultAddressModelPath(env);
  if (existsSync(cached) && src.limit === undefined) {
    try {
      return parseModel(readFileSync(cached, 'utf8'), cached);
    } catch {
      // a damaged cache is retrained below
    }
  }
  const corpus = addressCorpusPath(env);
  if (src.train === false || !existsSync(corpus)) return undefined;
  src.onTrain?.(`training the address model once from ${corpus} (about a minute); cached at ${cached}`);
  let sentences = parseConll(readFileSync(corpus, 'utf8'), { source: 'train.conll', requireTags: true });
  if (src.limit !== undefined) sentences = sentences.slice(0, src.limit);
  const model = trainCrf(sentences, 'BIOES', {
    ...ADDRESS_TRAINING,
    ...(src.epochs ? { epochs: src.epochs } : {}),
  });
  if (src.limit === undefined) {
    try {
      mkdirSync(dirname(cached), { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(model.file));
      renameSync(tmp, cached);
    } catch {
      // an unwritable cache only costs a retraining next time
    }
  }
  return model;
}
