/**
 * The one registry of document namespaces. Every namespace is `<area>.<kind>`: the area is the
 * feature's name in ARCHITECTURE.md's feature table (planning, logistics, agriculture,
 * maintenance, monitoring, control, runs, ingest, auth), the kind a plural noun in kebab case, so
 * a namespace says whose documents it holds. A namespace holds one kind of document, validated by
 * the one collection defined over it (`defineCollection`).
 *
 * Adding a namespace: add it here, define its collection beside its owner; renaming one needs a
 * step in {@link DOC_NAMESPACE_RENAMES} and a new migration on both stores.
 */
export const DOC_NAMESPACES = {
  /** Production plans: input, result, what-if comparison (domains/manufacturing). */
  planningPlans: 'planning.plans',
  /** Delivery plans with the problem they answer (domains/logistics). */
  logisticsPlans: 'logistics.plans',
  /** Soil and crop parameters of a field (domains/agriculture). */
  agricultureFields: 'agriculture.fields',
  /** Which RUL model watches which asset (domains/manufacturing, the live RUL feed). */
  maintenanceRulMappings: 'maintenance.rul-mappings',
  /** Detector and alarm-rule overrides per series (domains/monitoring). */
  monitoringRules: 'monitoring.rules',
  /** The state of each alarm (analytics/alarms). */
  monitoringAlarms: 'monitoring.alarms',
  /** Saved control-loop configurations (control/loop). */
  controlLoops: 'control.loops',
  /** The audit trail of control-loop changes, `<loop>/<ts>-<seq>` (control/loop). */
  controlAudit: 'control.audit',
  /** Layout of each file import, for resubmitting its quarantine (ingest/import). */
  ingestImports: 'ingest.imports',
  /** SHA-256 of imported files, so a file is not imported twice (ingest/import). */
  ingestImportHashes: 'ingest.import-hashes',
  /** OPC UA, Modbus and Sparkplug connectors declared to run (server/connectors). */
  ingestConnectors: 'ingest.connectors',
  /** Tracked training runs (analytics/runs). */
  runsRecords: 'runs.records',
  /** The model a run produced (analytics/runs). */
  runsModels: 'runs.models',
  /** The model registry: named models, versions, stages (analytics/runs). */
  runsRegistry: 'runs.registry',
  /** Which model classifies each camera's images, and its defect thresholds (domains/inspection). */
  inspectionCameras: 'inspection.cameras',
  /** One record per inspected image: file, prediction, heat map (domains/inspection). */
  inspectionImages: 'inspection.images',
  /** MQTT client ids bound to API keys (server/auth). */
  authMqttClientIds: 'auth.mqtt-client-ids',
} as const;

export type DocNamespace = (typeof DOC_NAMESPACES)[keyof typeof DOC_NAMESPACES];

/** `<area>.<kind>`, both lowercase, the kind in kebab case. */
export const NAMESPACE_FORM = /^[a-z]+\.[a-z]+(?:-[a-z0-9]+)*$/;

export interface NamespaceRename {
  readonly from: string;
  /** Only keys starting with this move, without it (a namespace that held two kinds of document). */
  readonly prefix?: string;
  readonly to: DocNamespace;
}

/**
 * Where the free-form namespaces of schema version 6 went (migration 7, on both stores). Existing
 * documents move; keys lose the prefix that told two kinds apart in one namespace.
 */
export const DOC_NAMESPACE_RENAMES: readonly NamespaceRename[] = [
  { from: 'plans', to: DOC_NAMESPACES.planningPlans },
  { from: 'logistics', prefix: 'plan/', to: DOC_NAMESPACES.logisticsPlans },
  { from: 'agri.fields', to: DOC_NAMESPACES.agricultureFields },
  { from: 'rul-mappings', to: DOC_NAMESPACES.maintenanceRulMappings },
  { from: 'alarms', to: DOC_NAMESPACES.monitoringAlarms },
  { from: 'control', prefix: 'loop/', to: DOC_NAMESPACES.controlLoops },
  { from: 'control', prefix: 'audit/', to: DOC_NAMESPACES.controlAudit },
  { from: 'ingest.import', to: DOC_NAMESPACES.ingestImports },
  { from: 'ingest.import.sha256', to: DOC_NAMESPACES.ingestImportHashes },
  { from: 'runs', to: DOC_NAMESPACES.runsRecords },
  { from: 'run-models', to: DOC_NAMESPACES.runsModels },
  { from: 'model-registry', to: DOC_NAMESPACES.runsRegistry },
  { from: 'mqtt.client-ids', to: DOC_NAMESPACES.authMqttClientIds },
];

const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * The SQL of the renames, the same text for SQLite and PostgreSQL (`substr` and `length` mean the
 * same on both). Literal prefixes only: no LIKE, so `_` and `%` in a prefix are not wildcards.
 */
export function renameNamespacesSql(renames: readonly NamespaceRename[] = DOC_NAMESPACE_RENAMES): string {
  return renames
    .map((r) => {
      if (r.prefix === undefined) return `UPDATE docs SET ns = ${quote(r.to)} WHERE ns = ${quote(r.from)};`;
      const n = r.prefix.length;
      return `UPDATE docs SET ns = ${quote(r.to)}, key = substr(key, ${n + 1}) WHERE ns = ${quote(r.from)} AND substr(key, 1, ${n}) = ${quote(r.prefix)} AND length(key) > ${n};`;
    })
    .join('\n');
}
