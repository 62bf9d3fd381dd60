import { describe, expect, it } from 'vitest';
import { DOC_NAMESPACE_RENAMES, DOC_NAMESPACES, NAMESPACE_FORM, renameNamespacesSql } from './namespaces.js';

describe('the namespace registry', () => {
  const names = Object.values(DOC_NAMESPACES);

  it('names every namespace <area>.<kind>, each once', () => {
    expect(names.filter((n) => !NAMESPACE_FORM.test(n))).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('renames no namespace onto a name that is itself renamed, and moves each old (namespace, prefix) once', () => {
    const from = DOC_NAMESPACE_RENAMES.map((r) => `${r.from}|${r.prefix ?? ''}`);
    expect(new Set(from).size).toBe(from.length);
    expect(DOC_NAMESPACE_RENAMES.filter((r) => DOC_NAMESPACE_RENAMES.some((s) => s.from === r.to))).toEqual(
      [],
    );
  });

  it('quotes names and prefixes as literals', () => {
    const sql = renameNamespacesSql([{ from: "it's", prefix: 'a_%/', to: DOC_NAMESPACES.controlLoops }]);
    expect(sql).toBe(
      "UPDATE docs SET ns = 'control.loops', key = substr(key, 5) WHERE ns = 'it''s' AND substr(key, 1, 4) = 'a_%/' AND length(key) > 4;",
    );
  });
});
