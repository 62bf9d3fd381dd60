/** Token classification (NER): CoNLL files, seqeval-style scoring, a linear-chain CRF. */
export * from './conll.js';
export * from './crf.js';
