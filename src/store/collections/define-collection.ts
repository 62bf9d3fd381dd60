/**
 * Typed documents: a collection is a namespace of the Store's document store with the zod schema
 * its documents must match. Writes are checked before they reach the database (BAD_INPUT naming
 * each field); reads are checked after, so a document that an older xinzhi, a hand edit or a bug
 * left behind comes back as a STORE_FAILURE naming its namespace and key, never as a wrongly
 * typed value that fails later somewhere else. `listValid` reads past bad documents for the
 * consumers that must keep running (a server starting its loops, the live RUL feed).
 *
 * The document is stored as given (after the check), so the stored JSON does not depend on the
 * schema's key order; schemas of documents with fields a collection does not need to know are
 * `z.looseObject`, which keeps those fields on read.
 *
 * @example
 * const fields = defineCollection(DOC_NAMESPACES.agricultureFields, FieldParamsSchema);
 * await fields.put(store, 'farm/north', params);
 * const p = await fields.get(store, 'farm/north'); // FieldParams | undefined
 */
import type { z } from 'zod';
import { issuesError, issuesFromZod, type XinzhiError } from '../../core/index.js';
import type { Store } from '../store.js';
import type { DocNamespace } from './namespaces.js';

export interface Collection<T> {
  readonly namespace: DocNamespace;
  /** The document under `key`, or undefined; STORE_FAILURE when the stored one does not match. */
  get(store: Pick<Store, 'getDoc'>, key: string): Promise<T | undefined>;
  /** Whether a document is stored under `key`, valid or not. */
  has(store: Pick<Store, 'getDoc'>, key: string): Promise<boolean>;
  /** Stores `doc` under `key` after checking it; BAD_INPUT naming each bad field otherwise. */
  put(store: Pick<Store, 'putDoc'>, key: string, doc: T): Promise<void>;
  /** Documents whose key starts with `prefix`, by key; STORE_FAILURE at the first bad one. */
  list(store: Pick<Store, 'listDocs'>, prefix?: string): Promise<Array<{ key: string; doc: T }>>;
  /** As `list`, but a bad document is handed to `onInvalid` and left out. */
  listValid(
    store: Pick<Store, 'listDocs'>,
    onInvalid: (error: XinzhiError, key: string) => void,
    prefix?: string,
  ): Promise<Array<{ key: string; doc: T }>>;
  delete(store: Pick<Store, 'deleteDoc'>, key: string): Promise<void>;
}

/** The collection of `namespace`, whose documents match `schema`. */
export function defineCollection<S extends z.ZodType>(
  namespace: DocNamespace,
  schema: S,
): Collection<z.output<S>> {
  type T = z.output<S>;
  const read = (key: string, raw: unknown): T | XinzhiError => {
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    return issuesError(issuesFromZod(r.error), {
      code: 'STORE_FAILURE',
      subject: `stored document '${key}' in '${namespace}' is invalid`,
      fallback: '(document)',
      field: `${namespace}/${key}`,
    });
  };
  const listRaw = async (store: Pick<Store, 'listDocs'>, prefix?: string) =>
    (await store.listDocs(namespace, prefix)).map((d) => ({ key: d.key, doc: read(d.key, d.doc) }));
  const isError = (x: unknown): x is XinzhiError => x instanceof Error;
  return {
    namespace,
    async get(store, key) {
      const raw = await store.getDoc(namespace, key);
      if (raw === undefined) return undefined;
      const doc = read(key, raw);
      if (isError(doc)) throw doc;
      return doc;
    },
    async has(store, key) {
      return (await store.getDoc(namespace, key)) !== undefined;
    },
    async put(store, key, doc) {
      const r = schema.safeParse(doc);
      if (!r.success)
        throw issuesError(issuesFromZod(r.error), {
          subject: `document '${key}' for '${namespace}'`,
          fallback: '(document)',
        });
      await store.putDoc(namespace, key, doc);
    },
    async list(store, prefix) {
      const out: Array<{ key: string; doc: T }> = [];
      for (const d of await listRaw(store, prefix)) {
        if (isError(d.doc)) throw d.doc;
        out.push({ key: d.key, doc: d.doc });
      }
      return out;
    },
    async listValid(store, onInvalid, prefix) {
      const out: Array<{ key: string; doc: T }> = [];
      for (const d of await listRaw(store, prefix)) {
        if (isError(d.doc)) onInvalid(d.doc, d.key);
        else out.push({ key: d.key, doc: d.doc });
      }
      return out;
    },
    async delete(store, key) {
      await store.deleteDoc(namespace, key);
    },
  };
}

/**
 * A schema for a large document whose owner writes it whole from typed code: `checked` tests the
 * fields readers rely on (ids, times, the keys lists sort and filter by), and the document is
 * typed as `T`. Use a full schema where one exists; this is for shapes like a solved plan, whose
 * every field a reader does not look at would cost a schema kept in step by hand.
 */
export const documentOf = <T>(checked: z.ZodType): z.ZodType<T> =>
  checked.transform((v) => v as T) as unknown as z.ZodType<T>;
