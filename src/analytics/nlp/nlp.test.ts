import { describe, expect, it } from 'vitest';
import {
  classificationReport,
  convertScheme,
  detectScheme,
  evaluate,
  getEntities,
  parseConll,
  parseModel,
  predictTags,
  tagText,
  trainCrf,
} from './index.js';

/** A toy corpus: a city word is followed by 市 and a road word by 路; both are entities. */
function toyCorpus(scheme: 'BIO' | 'BIOES' | 'BMES'): string {
  const cities = ['杭州', '苏州', '福州', '广州', '温州'];
  const roads = ['文三', '延安', '人民', '中山', '解放'];
  const out: string[] = [];
  for (let i = 0; i < 40; i++) {
    const c = cities[i % cities.length] as string;
    const r = roads[(i * 3) % roads.length] as string;
    const city = [...`${c}市`];
    const road = [...`${r}路`];
    const tag = (chars: string[], type: string): string[] =>
      chars.map((ch, k) => {
        const last = k === chars.length - 1;
        const p = k === 0 ? 'B' : scheme !== 'BIO' && last ? 'E' : scheme === 'BMES' ? 'M' : 'I';
        return `${ch} ${p}-${type}`;
      });
    out.push([...tag(city, 'city'), ...tag(road, 'road'), '0 O', '号 O'].join('\n'));
  }
  return `${out.join('\n\n')}\n`;
}

describe('CoNLL reading', () => {
  it('reads sentences split by blank lines and DOCSTART, tags in the last column', () => {
    const s = parseConll('-DOCSTART- O\n\nJohn NNP B-PER\nlives VBZ O\n\nParis NNP S-LOC\n');
    expect(s.map((x) => x.tokens)).toEqual([['John', 'lives'], ['Paris']]);
    expect(s[0]?.tags).toEqual(['B-PER', 'O']);
    expect(s[1]?.line).toBe(6);
    expect(detectScheme(s)).toBe('BIOES');
    expect(detectScheme(s.slice(0, 1))).toBe('BIO');
  });

  it('names the line of a missing tag, a bad tag, and over-long sentences; limits size', () => {
    expect(() => parseConll('a O\nb\n', { source: 'x.conll' })).toThrow(/x\.conll line 2: 'b' has no tag/);
    expect(() => parseConll('a O\nb I-\n', { source: 'x.conll' })).toThrow(/line 2: bad tag 'I-'/);
    expect(() => parseConll('a O\nb X-LOC\n')).toThrow(/line 2: bad tag 'X-LOC'/);
    expect(() => parseConll('a O\nb O\nc O\n', { maxTokens: 2 })).toThrow(/line 3: sentence longer/);
    expect(() => parseConll('a O\n'.repeat(100), { maxBytes: 50 })).toThrow(/larger than the limit/);
    expect(() => parseConll('a\nb O\n', { requireTags: false })).toThrow(/some lines have a tag column/);
    expect(parseConll('a\nb\n', { requireTags: false })[0]?.tags).toEqual([]);
  });
});

describe('tag schemes', () => {
  it('round-trips BIO ↔ BIOES', () => {
    const bio = ['B-A', 'I-A', 'I-A', 'O', 'B-B', 'B-B', 'I-B', 'O', 'B-A'];
    const bioes = ['B-A', 'I-A', 'E-A', 'O', 'S-B', 'B-B', 'E-B', 'O', 'S-A'];
    expect(convertScheme(bio, 'BIOES')).toEqual(bioes);
    expect(convertScheme(bioes, 'BIO')).toEqual(bio);
  });

  it('reads BMES and BILOU and writes them back', () => {
    const bioes = ['B-A', 'I-A', 'E-A', 'O', 'S-B'];
    const bmes = ['B-A', 'M-A', 'E-A', 'O', 'S-B'];
    const bilou = ['B-A', 'I-A', 'L-A', 'O', 'U-B'];
    expect(detectScheme(parseConll(bmes.map((t, i) => `w${i} ${t}`).join('\n')))).toBe('BMES');
    expect(detectScheme(parseConll(bilou.map((t, i) => `w${i} ${t}`).join('\n')))).toBe('BILOU');
    expect(convertScheme(bmes, 'BIOES')).toEqual(bioes);
    expect(convertScheme(bilou, 'BIOES')).toEqual(bioes);
    expect(convertScheme(bioes, 'BMES')).toEqual(bmes);
    expect(convertScheme(bioes, 'BILOU')).toEqual(bilou);
  });

  it('repairs invalid sequences as seqeval reads them', () => {
    // I- after O starts an entity; a type change inside an entity ends it.
    expect(convertScheme(['O', 'I-A', 'I-A', 'I-B'], 'BIO')).toEqual(['O', 'B-A', 'I-A', 'B-B']);
    expect(getEntities(['I-A', 'E-A', 'O', 'E-B'])).toEqual([
      { type: 'A', start: 0, end: 1 },
      { type: 'B', start: 3, end: 3 },
    ]);
  });
});

describe('classification report', () => {
  it('matches a hand-computed seqeval example', () => {
    // gold: PER(0-1), LOC(3), LOC(5-6), ORG(8)   pred: PER(0-1) ✓, LOC(3) ✓, LOC(5) ✗ boundary, MISC(8) ✗
    const gold = [['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'B-LOC', 'I-LOC', 'O', 'B-ORG']];
    const pred = [['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'B-LOC', 'O', 'O', 'B-MISC']];
    const r = classificationReport(gold, pred);
    expect(r.types['PER']).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 });
    expect(r.types['LOC']).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(r.types['ORG']).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(r.types['MISC']).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    // micro: 2 correct of 4 predicted and 4 true.
    expect(r.micro).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 4 });
    expect(r.macro.f1).toBeCloseTo((1 + 0.5 + 0 + 0) / 4, 12);
    expect(r.macro.precision).toBeCloseTo(1.5 / 4, 12);
    // weighted by support 1, 2, 1, 0.
    expect(r.weighted.f1).toBeCloseTo((1 * 1 + 0.5 * 2 + 0) / 4, 12);
    expect(r.weighted.support).toBe(4);
  });
});

describe('CRF', () => {
  for (const scheme of ['BIO', 'BIOES', 'BMES'] as const) {
    it(`learns a toy pattern and answers in the input's scheme (${scheme})`, () => {
      const sentences = parseConll(toyCorpus(scheme));
      expect(detectScheme(sentences)).toBe(scheme);
      const model = trainCrf(sentences, scheme, { epochs: 5 });
      expect(evaluate(model, sentences).micro.f1).toBe(1);
      // An unseen city and road still follow the pattern.
      const tags = predictTags(model, [...'宁波市长江路0号']);
      expect(getEntities(tags)).toEqual([
        { type: 'city', start: 0, end: 2 },
        { type: 'road', start: 3, end: 5 },
      ]);
      expect(tags.some((t) => t.startsWith('E-'))).toBe(scheme !== 'BIO');
      expect(tags.some((t) => t.startsWith('M-'))).toBe(scheme === 'BMES');
      const tagged = tagText(model, '宁波市 长江路0号');
      expect(tagged.entities.map((e) => [e.type, e.text, e.from, e.to])).toEqual([
        ['city', '宁波市', 0, 3],
        ['road', '长江路', 4, 7],
      ]);
    });
  }

  it('works on word tokens with an arbitrary label set', () => {
    const lines: string[] = [];
    const names = ['Alice', 'Bob', 'Carol', 'Dave'];
    const tools = ['tractor', 'drone', 'sprayer'];
    for (let i = 0; i < 30; i++)
      lines.push(`send B-VERB\n${names[i % 4]} B-WHO\nthe O\n${tools[i % 3]} B-MACHINE\nnow O`);
    const s = parseConll(lines.join('\n\n'));
    const model = trainCrf(s, 'BIO', { epochs: 4 });
    expect(model.file.charLevel).toBe(false);
    const r = tagText(model, 'send Alice the drone now');
    expect(r.tokens).toEqual(['send', 'Alice', 'the', 'drone', 'now']);
    expect(r.entities.map((e) => e.type)).toEqual(['VERB', 'WHO', 'MACHINE']);
  });

  it('round-trips the model file and reports corrupted files clearly', () => {
    const sentences = parseConll(toyCorpus('BIOES'));
    const model = trainCrf(sentences, 'BIOES', { epochs: 3 });
    const text = JSON.stringify(model.file);
    const again = parseModel(text);
    const probe = [...'福州市中山路0号'];
    expect(predictTags(again, probe)).toEqual(predictTags(model, probe));
    expect(() => parseModel(text.slice(0, text.length / 2), 'm.json')).toThrow(/m\.json is not valid JSON/);
    expect(() => parseModel('{"format":"other"}')).toThrow(/not a usable xinzhi NER model: format/);
    const doc = JSON.parse(text);
    doc.weights = doc.weights.slice(0, 16);
    expect(() => parseModel(JSON.stringify(doc))).toThrow(/do not match the feature counts/);
    doc.weights = 'AAA=';
    expect(() => parseModel(JSON.stringify(doc))).toThrow(/weights is truncated/);
    const doc2 = JSON.parse(text);
    doc2.transitions = doc2.transitions.slice(1);
    expect(() => parseModel(JSON.stringify(doc2))).toThrow(/transition matrix/);
  });

  it('refuses sentences without tags for training', () => {
    expect(() => trainCrf(parseConll('a\nb\n', { requireTags: false }), 'BIO')).toThrow(/no tags/);
    expect(() => trainCrf([], 'BIO')).toThrow(/no training sentences/);
  });
});
