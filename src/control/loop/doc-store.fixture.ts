/**
 * Test helper: the document calls the loop manager makes, kept in memory as a store keeps them
 * (a JSON round trip), so tests see what was saved and several "nodes" can share one.
 */
export const memoryDocStore = () => {
  const docs = new Map<string, unknown>();
  return {
    docs,
    async putDoc(ns: string, key: string, doc: unknown) {
      docs.set(`${ns}|${key}`, JSON.parse(JSON.stringify(doc)));
    },
    async listDocs<T>(ns: string, prefix = '') {
      return [...docs]
        .filter(([k]) => k.startsWith(`${ns}|${prefix}`))
        .map(([k, doc]) => ({ key: k.slice(ns.length + 1), doc: doc as T }));
    },
    async deleteDoc(ns: string, key: string) {
      docs.delete(`${ns}|${key}`);
    },
  };
};
