/**
 * Trains `xinzhi ask`'s Chinese address model once from the CCKS 2021 corpus (when the corpus is
 * beside the checkout or named by $XINZHI_BENCHMARKS) and caches it where `ask` looks
 * (~/.cache/xinzhi), so the first `xinzhi ask` on this machine answers at once. Does nothing when a
 * cached model exists; `.ci/run` calls it after installing.
 */
import {
  addressCorpusPath,
  defaultAddressModelPath,
  loadAddressModel,
} from '../src/domains/ask/address-model.js';

const model = loadAddressModel({ onTrain: (m) => process.stdout.write(`${m}\n`) });
process.stdout.write(
  model
    ? `address model ready: ${defaultAddressModelPath()}\n`
    : `no address model: corpus not found at ${addressCorpusPath()}\n`,
);
