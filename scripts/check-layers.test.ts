import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLayers } from './check-layers.js';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

describe('checkLayers', () => {
  it('accepts the real source tree', () => {
    expect(checkLayers(resolve('src'))).toEqual([]);
  });

  it('rejects an engine importing another engine', () => {
    const root = tree({
      'ledger/a.ts': "import { x } from '../control/b.js';\n",
      'control/b.ts': 'export const x = 1;\n',
    });
    const v = checkLayers(root);
    expect(v).toHaveLength(1);
    expect(v[0]?.reason).toContain("layer 'ledger' may not import 'control'");
  });

  it('rejects core importing store, and finds cycles', () => {
    const root = tree({
      'core/a.ts': "import type { S } from '../store/s.js';\nexport const a = 1;\n",
      'store/s.ts': "import { b } from './t.js';\nexport type S = 1;\n",
      'store/t.ts': "export { S } from './s.js';\nexport const b = 2;\n",
    });
    const reasons = checkLayers(root).map((v) => v.reason);
    expect(reasons.some((r) => r.includes("'core' may not import 'store'"))).toBe(true);
    expect(reasons.some((r) => r.startsWith('import cycle'))).toBe(true);
  });

  it('allows a type-only import cycle, which is erased at runtime', () => {
    const root = tree({
      'cli/a.ts': "import type { B } from './b.js';\nexport type A = B | 1;\n",
      'cli/b.ts': "import { a } from './a.js';\nexport type B = 2;\nexport const x = a;\n",
    });
    expect(checkLayers(root)).toEqual([]);
  });

  it('rejects document access outside store/ and collections over a literal namespace', () => {
    const root = tree({
      'store/s.ts': 'export const get = (s: any) => s.getDoc("a.b", "k");\n',
      'domains/d.ts':
        'export async function f(store: any) {\n  await store.putDoc("plans", "k", {});\n  return store.listDocs<number>("plans");\n}\n',
      'server/c.ts':
        "import { defineCollection } from '../store/s.js';\nexport const c = defineCollection('plans', x);\n",
    });
    const v = checkLayers(root).map((x) => `${x.file.slice(root.length + 1)} ${x.target}`);
    expect(v).toEqual([
      'domains/d.ts putDoc() at line 2',
      'domains/d.ts listDocs() at line 3',
      'server/c.ts defineCollection at line 2',
    ]);
  });
});
