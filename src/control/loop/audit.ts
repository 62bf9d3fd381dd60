/**
 * The audit trail of a control loop: every change of mode, setpoint, tuning or limits with who made it,
 * when, and the old and new values. Persisted in the collection `control.audit`, one document per
 * entry under `<loop>/<ts>-<seq>` so entries are never rewritten and list in time order.
 */
import { z } from 'zod';
import { DOC_NAMESPACES, defineCollection, documentOf, type Store } from '../../store/index.js';

export type AuditWhat =
  | 'created'
  | 'config'
  | 'mode'
  | 'setpoint'
  | 'tuning'
  | 'limits'
  | 'action'
  | 'deleted'
  /** The output could not be written (once per outage, `new` holds the error). */
  | 'op-failed'
  /** The first write that went through after an `op-failed`. */
  | 'op-restored';

export interface AuditEntry {
  readonly loopId: string;
  /** UTC ms. */
  readonly ts: number;
  /** User, API key name or `system`. */
  readonly who: string;
  readonly what: AuditWhat;
  readonly old: unknown;
  readonly new: unknown;
  readonly reason?: string;
}

export interface AuditTrail {
  record(entry: AuditEntry): Promise<void>;
  /** Entries of a loop, oldest first; `limit` keeps the newest. */
  list(loopId: string, limit?: number): Promise<AuditEntry[]>;
}

const AUDIT_WHAT = [
  'created',
  'config',
  'mode',
  'setpoint',
  'tuning',
  'limits',
  'action',
  'deleted',
  'op-failed',
  'op-restored',
] as const;

/** Audit entries of every loop, keyed `<loop>/<ts>-<seq>`. */
export const loopAuditCollection = defineCollection(
  DOC_NAMESPACES.controlAudit,
  documentOf<AuditEntry>(
    z.looseObject({
      loopId: z.string(),
      ts: z.number(),
      who: z.string(),
      what: z.enum(AUDIT_WHAT),
      reason: z.string().optional(),
    }),
  ),
);

/** Audit trail over the `control.audit` collection. */
export class StoreAuditTrail implements AuditTrail {
  #seq = 0;
  constructor(private readonly store: Pick<Store, 'putDoc' | 'listDocs'>) {}

  async record(entry: AuditEntry): Promise<void> {
    const key = `${entry.loopId}/${String(entry.ts).padStart(15, '0')}-${String(this.#seq++).padStart(6, '0')}`;
    await loopAuditCollection.put(this.store, key, entry);
  }

  async list(loopId: string, limit?: number): Promise<AuditEntry[]> {
    const docs = await loopAuditCollection.list(this.store, `${loopId}/`);
    const all = docs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((d) => d.doc);
    return limit === undefined ? all : all.slice(-limit);
  }
}

/** In-memory audit trail for tests and simulations. */
export class MemoryAuditTrail implements AuditTrail {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }
  async list(loopId: string, limit?: number): Promise<AuditEntry[]> {
    const all = this.entries.filter((e) => e.loopId === loopId);
    return limit === undefined ? all : all.slice(-limit);
  }
}
