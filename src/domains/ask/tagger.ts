/**
 * The address tagger of `ask`: a CRF trained in xinzhi (analytics/nlp) on Chinese address
 * elements. CCKS 2021 masks every digit to 0, so digits are masked the same way before tagging;
 * characters are NFKC-normalised one by one so offsets stay those of the original text.
 */
import { getEntities, type NerModel, predictTags } from '../../analytics/nlp/index.js';
import type { AddressTagger } from './address.js';

export function crfAddressTagger(model: NerModel): AddressTagger {
  return (address) => {
    const toks = [...address.matchAll(/\S/gu)].map((m) => ({
      from: m.index as number,
      to: (m.index as number) + m[0].length,
      token: m[0].normalize('NFKC').replace(/\d/g, '0'),
    }));
    if (!toks.length) return [];
    const tags = predictTags(
      model,
      toks.map((t) => t.token),
    );
    return getEntities(tags).map((e) => ({
      type: e.type,
      from: (toks[e.start] as { from: number }).from,
      to: (toks[e.end] as { to: number }).to,
    }));
  };
}
