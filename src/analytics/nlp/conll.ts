/**
 * CoNLL token-classification files and entity-level scoring. Reads `token TAG` lines (whitespace
 * separated; the tag is the last column, blank lines and `-DOCSTART-` break sentences), works with
 * BIO and BIOES tag schemes of any label set, and scores predictions the way seqeval does by
 * default: entities are chunked with conlleval's rules (an I- after O starts an entity) and a
 * prediction counts only when type, start and end all match. Hand-written because seqeval is a
 * Python library and the rules are short; matching it matters since published NER figures use it.
 */
import { XinzhiError } from '../../core/index.js';

export interface Sentence {
  readonly tokens: string[];
  /** Tags as written in the file (empty when the file had no tag column). */
  readonly tags: string[];
  /** 1-based line number of the first token, for messages. */
  readonly line: number;
}

/** BIOES variants: BMES writes M for I; BILOU writes L for E and U for S. */
export type TagScheme = 'BIO' | 'BIOES' | 'BMES' | 'BILOU';
export const TAG_SCHEMES: readonly TagScheme[] = ['BIO', 'BIOES', 'BMES', 'BILOU'];

export interface ReadConllOptions {
  /** Largest accepted input in bytes. Default 200 MB. */
  readonly maxBytes?: number;
  /** Longest accepted sentence in tokens. Default 2000. */
  readonly maxTokens?: number;
  /** Whether every line needs a tag column (training, evaluation). Default true. */
  readonly requireTags?: boolean;
  /** File name used in messages. */
  readonly source?: string;
}

const TAG_RE = /^([BIMESLU])-(\S+)$/;

/** Parses CoNLL text; malformed lines are errors naming the line. */
export function parseConll(text: string, opts: ReadConllOptions = {}): Sentence[] {
  const maxBytes = opts.maxBytes ?? 200 * 1024 * 1024;
  const maxTokens = opts.maxTokens ?? 2000;
  const requireTags = opts.requireTags ?? true;
  const src = opts.source ?? 'input';
  if (Buffer.byteLength(text) > maxBytes)
    throw new XinzhiError('BAD_INPUT', `${src} is larger than the limit of ${maxBytes} bytes`);
  const out: Sentence[] = [];
  let tokens: string[] = [];
  let tags: string[] = [];
  let start = 0;
  let tagged: boolean | undefined;
  const lines = text.split(/\r?\n/);
  const flush = (): void => {
    if (tokens.length) out.push({ tokens, tags, line: start });
    tokens = [];
    tags = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.trim();
    if (line === '' || line.startsWith('-DOCSTART-')) {
      flush();
      continue;
    }
    const cols = line.split(/\s+/);
    const where = `${src} line ${i + 1}`;
    const hasTag = cols.length >= 2;
    if (!hasTag && requireTags) throw new XinzhiError('BAD_INPUT', `${where}: '${line}' has no tag column`);
    if (tagged !== undefined && hasTag !== tagged)
      throw new XinzhiError('BAD_INPUT', `${where}: some lines have a tag column and some do not`);
    tagged = hasTag;
    if (hasTag) {
      const tag = cols[cols.length - 1] as string;
      if (tag !== 'O' && !TAG_RE.test(tag))
        throw new XinzhiError(
          'BAD_INPUT',
          `${where}: bad tag '${tag}' (expected O, or B-, I-, E-, S- (or M-, L-, U-) followed by a type)`,
        );
      tags.push(tag);
    }
    if (!tokens.length) start = i + 1;
    tokens.push(cols[0] as string);
    if (tokens.length > maxTokens)
      throw new XinzhiError('BAD_INPUT', `${where}: sentence longer than the limit of ${maxTokens} tokens`);
  }
  flush();
  return out;
}

/** BMES when any M- tag occurs, BILOU with L- or U-, BIOES with E- or S-, else BIO. */
export function detectScheme(sentences: readonly Sentence[]): TagScheme {
  let bioes = false;
  for (const s of sentences)
    for (const t of s.tags) {
      const p = t[0];
      if (t[1] !== '-') continue;
      if (p === 'M') return 'BMES';
      if (p === 'L' || p === 'U') return 'BILOU';
      if (p === 'E' || p === 'S') bioes = true;
    }
  return bioes ? 'BIOES' : 'BIO';
}

const CANONICAL: Record<string, string> = { M: 'I', L: 'E', U: 'S' };

export interface Entity {
  readonly type: string;
  /** First token index. */
  readonly start: number;
  /** Last token index (inclusive). */
  readonly end: number;
}

function split(tag: string): [string, string] {
  if (tag === 'O' || tag.length < 2) return ['O', ''];
  const p = tag[0] as string;
  return [CANONICAL[p] ?? p, tag.slice(2)];
}

/** Entities of a tag sequence with seqeval's default (conlleval) chunking rules. */
export function getEntities(tags: readonly string[]): Entity[] {
  const out: Entity[] = [];
  let prevTag = 'O';
  let prevType = '';
  let begin = 0;
  for (let i = 0; i <= tags.length; i++) {
    const [tag, type] = i < tags.length ? split(tags[i] as string) : ['O', ''];
    if (endOfChunk(prevTag, tag, prevType, type)) out.push({ type: prevType, start: begin, end: i - 1 });
    if (startOfChunk(prevTag, tag, prevType, type)) begin = i;
    prevTag = tag;
    prevType = type;
  }
  return out;
}

function endOfChunk(prev: string, tag: string, prevType: string, type: string): boolean {
  if (prev === 'E' || prev === 'S') return true;
  if ((prev === 'B' || prev === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) return true;
  return prev !== 'O' && prevType !== type;
}

function startOfChunk(prev: string, tag: string, prevType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((prev === 'E' || prev === 'S' || prev === 'O') && (tag === 'E' || tag === 'I')) return true;
  return tag !== 'O' && prevType !== type;
}

/** Tags of entities in a scheme; tokens outside any entity are O. */
export function encodeEntities(length: number, entities: readonly Entity[], scheme: TagScheme): string[] {
  const tags = new Array<string>(length).fill('O');
  for (const e of entities) {
    for (let i = e.start; i <= e.end; i++) tags[i] = `I-${e.type}`;
    if (scheme === 'BIO') tags[e.start] = `B-${e.type}`;
    else {
      const [i, end, single] =
        scheme === 'BMES' ? ['M', 'E', 'S'] : scheme === 'BILOU' ? ['I', 'L', 'U'] : ['I', 'E', 'S'];
      for (let k = e.start; k <= e.end; k++) tags[k] = `${i}-${e.type}`;
      if (e.start === e.end) tags[e.start] = `${single}-${e.type}`;
      else {
        tags[e.start] = `B-${e.type}`;
        tags[e.end] = `${end}-${e.type}`;
      }
    }
  }
  return tags;
}

/** Re-encodes tags in a scheme; invalid sequences (I- after O, E- without B-) are repaired as seqeval reads them. */
export function convertScheme(tags: readonly string[], scheme: TagScheme): string[] {
  return encodeEntities(tags.length, getEntities(tags), scheme);
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  /** Per entity type, sorted by type name. */
  readonly types: Record<string, ClassScores>;
  readonly micro: ClassScores;
  readonly macro: ClassScores;
  readonly weighted: ClassScores;
}

const f1Of = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** seqeval's `classification_report` (default mode): strict span and type match; zero division gives 0. */
export function classificationReport(
  gold: readonly (readonly string[])[],
  pred: readonly (readonly string[])[],
): ClassificationReport {
  if (gold.length !== pred.length)
    throw new XinzhiError('BAD_INPUT', `${gold.length} gold sentences but ${pred.length} predicted`);
  const tp = new Map<string, number>();
  const nTrue = new Map<string, number>();
  const nPred = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  for (let s = 0; s < gold.length; s++) {
    const g = getEntities(gold[s] as string[]);
    const p = getEntities(pred[s] as string[]);
    const keys = new Set(g.map((e) => `${e.type}\u0000${e.start}\u0000${e.end}`));
    for (const e of g) inc(nTrue, e.type);
    for (const e of p) {
      inc(nPred, e.type);
      if (keys.has(`${e.type}\u0000${e.start}\u0000${e.end}`)) inc(tp, e.type);
    }
  }
  const names = [...new Set([...nTrue.keys(), ...nPred.keys()])].sort();
  const types: Record<string, ClassScores> = {};
  let sumTp = 0;
  let sumTrue = 0;
  let sumPred = 0;
  const macro = { precision: 0, recall: 0, f1: 0, support: 0 };
  const weighted = { precision: 0, recall: 0, f1: 0, support: 0 };
  for (const n of names) {
    const t = tp.get(n) ?? 0;
    const nt = nTrue.get(n) ?? 0;
    const np = nPred.get(n) ?? 0;
    const precision = np ? t / np : 0;
    const recall = nt ? t / nt : 0;
    const c = { precision, recall, f1: f1Of(precision, recall), support: nt };
    types[n] = c;
    sumTp += t;
    sumTrue += nt;
    sumPred += np;
    macro.precision += precision / names.length;
    macro.recall += recall / names.length;
    macro.f1 += c.f1 / names.length;
    if (sumTrue >= 0) {
      weighted.precision += precision * nt;
      weighted.recall += recall * nt;
      weighted.f1 += c.f1 * nt;
    }
  }
  macro.support = sumTrue;
  weighted.support = sumTrue;
  if (sumTrue) {
    weighted.precision /= sumTrue;
    weighted.recall /= sumTrue;
    weighted.f1 /= sumTrue;
  }
  const mp = sumPred ? sumTp / sumPred : 0;
  const mr = sumTrue ? sumTp / sumTrue : 0;
  return {
    types,
    micro: { precision: mp, recall: mr, f1: f1Of(mp, mr), support: sumTrue },
    macro,
    weighted,
  };
}

/** The report as seqeval prints it (two decimals). */
export function formatReport(r: ClassificationReport): string {
  const names = Object.keys(r.types);
  const w = Math.max(12, ...names.map((n) => n.length));
  const row = (n: string, c: ClassScores): string =>
    `${n.padStart(w)}  ${c.precision.toFixed(4).padStart(9)}  ${c.recall.toFixed(4).padStart(9)}  ${c.f1.toFixed(4).padStart(9)}  ${String(c.support).padStart(7)}`;
  return [
    `${''.padStart(w)}  ${'precision'.padStart(9)}  ${'recall'.padStart(9)}  ${'f1-score'.padStart(9)}  ${'support'.padStart(7)}`,
    '',
    ...names.map((n) => row(n, r.types[n] as ClassScores)),
    '',
    row('micro avg', r.micro),
    row('macro avg', r.macro),
    row('weighted avg', r.weighted),
  ].join('\n');
}
