/**
 * Enforces the layering rule of DESIGN.md over every import in src/ and fails on a cycle.
 * Written by hand: the rule is ours, and a 100-line scan beats configuring a general tool for it.
 *
 *   core ← store ← engines (ingest, analytics, optimize, control, ledger) ← domains ← server, demo ← cli
 *
 * Engines never import each other. Documents are read and written through typed collections
 * (`defineCollection` in store/collections): a call of the Store's `getDoc`, `putDoc`, `listDocs`
 * or `deleteDoc` outside `src/store/` (tests aside) is a violation too, as is a collection over a
 * namespace spelled as a string instead of taken from `DOC_NAMESPACES`.
 * Run: `tsx scripts/check-layers.ts` (part of `npm test`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ENGINES = ['ingest', 'analytics', 'optimize', 'control', 'ledger'];
const ALLOWED: Record<string, readonly string[]> = {
  core: ['core'],
  store: ['core', 'store'],
  ...Object.fromEntries(ENGINES.map((e) => [e, ['core', 'store', e]])),
  domains: ['core', 'store', ...ENGINES, 'domains'],
  server: ['core', 'store', ...ENGINES, 'domains', 'server'],
  demo: ['core', 'store', ...ENGINES, 'domains', 'demo'],
  cli: ['core', 'store', ...ENGINES, 'domains', 'server', 'demo', 'cli'],
  // The package entry re-exports the library layers, not the adapters.
  'index.ts': ['core', 'store', ...ENGINES, 'domains'],
};

const IMPORT_RE =
  /(?:^|\n)\s*(?:import|export)\s(type\s)?[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** A direct call of the document store's methods. */
const DOC_CALL_RE = /\.(getDoc|putDoc|listDocs|deleteDoc)\s*(?:<[^>()]*>)?\s*\(/g;
/** A collection whose namespace is a literal rather than a registry entry. */
const LITERAL_COLLECTION_RE = /defineCollection\(\s*['"`]/g;

const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length;

export interface Violation {
  readonly file: string;
  readonly target: string;
  readonly reason: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

const layerOf = (srcRoot: string, file: string): string => relative(srcRoot, file).split(sep)[0] ?? '';

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return resolve(dirname(from), spec).replace(/\.js$/, '.ts');
}

export function checkLayers(srcRoot: string): Violation[] {
  const files = walk(srcRoot);
  const graph = new Map<string, string[]>();
  const violations: Violation[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const from = layerOf(srcRoot, file);
    if (from !== 'store') {
      for (const m of text.matchAll(DOC_CALL_RE))
        violations.push({
          file,
          target: `${m[1]}() at line ${lineOf(text, m.index)}`,
          reason:
            'documents outside store/ go through a collection (defineCollection), not the Store directly',
        });
      for (const m of text.matchAll(LITERAL_COLLECTION_RE))
        violations.push({
          file,
          target: `defineCollection at line ${lineOf(text, m.index)}`,
          reason: 'a collection takes its namespace from DOC_NAMESPACES (store/collections/namespaces.ts)',
        });
    }
    const edges: string[] = [];
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[2] ?? m[3];
      if (!spec) continue;
      const target = resolveImport(file, spec);
      if (!target) continue;
      // Type-only imports are erased at runtime: they obey the layers but cannot form a load cycle.
      if (!m[1]) edges.push(target);
      const to = layerOf(srcRoot, target);
      const allowed = ALLOWED[from];
      if (!allowed) violations.push({ file, target: spec, reason: `unknown layer '${from}'` });
      else if (!allowed.includes(to))
        violations.push({ file, target: spec, reason: `layer '${from}' may not import '${to}'` });
    }
    graph.set(file, edges);
  }
  // Cycle detection by depth-first search with colours.
  const colour = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    colour.set(f, 1);
    stack.push(f);
    for (const t of graph.get(f) ?? []) {
      if (!graph.has(t)) continue;
      if (colour.get(t) === 1) {
        const cycle = stack.slice(stack.indexOf(t)).map((x) => relative(srcRoot, x));
        violations.push({
          file: f,
          target: t,
          reason: `import cycle: ${[...cycle, relative(srcRoot, t)].join(' → ')}`,
        });
      } else if (!colour.has(t)) visit(t);
    }
    stack.pop();
    colour.set(f, 2);
  };
  for (const f of graph.keys()) if (!colour.has(f)) visit(f);
  return violations;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const root = resolve(process.argv[2] ?? 'src');
  const v = checkLayers(root);
  for (const x of v) console.error(`${relative(process.cwd(), x.file)} → ${x.target}: ${x.reason}`);
  if (v.length > 0) {
    console.error(`layering check failed: ${v.length} violation(s)`);
    process.exit(1);
  }
  console.log('layering check: ok');
}
