/**
 * Test helper: a tiny CRF address model trained in-process on a few hand-labelled addresses in the
 * CCKS scheme (digits masked to 0 as in CCKS), so tests exercise the real tagger path in
 * milliseconds without the benchmark corpus.
 */
import { type NerModel, parseConll, trainCrf } from '../../analytics/nlp/index.js';

const SAMPLES: [string, string][][] = [
  [
    ['杭州市', 'city'],
    ['西湖区', 'district'],
    ['文三路', 'road'],
    ['000号', 'roadno'],
    ['华星时代广场', 'poi'],
    ['A座', 'houseno'],
    ['0楼', 'floorno'],
  ],
  [
    ['上海市', 'city'],
    ['浦东新区', 'district'],
    ['张江路', 'road'],
    ['00号', 'roadno'],
  ],
  [
    ['浙江省', 'prov'],
    ['杭州市', 'city'],
    ['滨江区', 'district'],
    ['长河街道', 'town'],
    ['江南大道', 'road'],
    ['0000号', 'roadno'],
  ],
  [
    ['南京市', 'city'],
    ['江宁区', 'district'],
    ['秣陵街道', 'town'],
    ['胜太路', 'road'],
    ['00号', 'roadno'],
  ],
  [
    ['杭州市', 'city'],
    ['余杭区', 'district'],
    ['五常街道', 'town'],
    ['文一西路', 'road'],
    ['000号', 'roadno'],
  ],
  [
    ['宁波市', 'city'],
    ['鄞州区', 'district'],
    ['天童南路', 'road'],
    ['000号', 'roadno'],
    ['万达广场', 'poi'],
    ['B座', 'houseno'],
    ['00楼', 'floorno'],
  ],
];

function conll(): string {
  const lines: string[] = [];
  for (let rep = 0; rep < 4; rep++)
    for (const s of SAMPLES) {
      for (const [text, type] of s) {
        const chars = [...text];
        chars.forEach((c, i) => {
          const tag = chars.length === 1 ? 'S' : i === 0 ? 'B' : i === chars.length - 1 ? 'E' : 'I';
          lines.push(`${c} ${tag}-${type}`);
        });
      }
      lines.push('');
    }
  return lines.join('\n');
}

let cached: NerModel | undefined;
export function tinyAddressModel(): NerModel {
  cached ??= trainCrf(parseConll(conll(), { requireTags: true }), 'BIOES', { epochs: 8, l2: 1 });
  return cached;
}
