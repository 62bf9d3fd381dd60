/**
 * Versioned schema of the SQLite store. Each step runs once, in its own transaction, and is
 * recorded in `schema_migrations`; `migrate` is idempotent and refuses a database written by a
 * newer xinzhi. Add steps at the end, never edit an applied one.
 *
 * Points and rollups are WITHOUT ROWID tables clustered by (series_key, time), so a series' range
 * is one contiguous B-tree walk; `series_key` is an INTEGER surrogate to keep those keys small.
 */
import type Database from 'better-sqlite3';
import { XinzhiError } from '../../core/index.js';
import { renameNamespacesSql } from '../collections/namespaces.js';
import { JOBS_SCHEMA } from './jobs-sqlite.js';
import { LEDGER_SCHEMA, TRACE_SCHEMA } from './ledger-sqlite.js';
import { REPORT_SCHEDULES_SCHEMA } from './report-schedules-sqlite.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const rollupTable = (name: string): string => `
CREATE TABLE ${name} (
  series_key INTEGER NOT NULL,
  bucket     INTEGER NOT NULL,   -- bucket start, epoch ms
  min_v      REAL    NOT NULL,
  max_v      REAL    NOT NULL,
  sum_v      REAL    NOT NULL,
  n          INTEGER NOT NULL,
  last_ts    INTEGER NOT NULL,   -- time of the latest point in the bucket
  last_v     REAL    NOT NULL,   -- its value
  PRIMARY KEY (series_key, bucket)
) WITHOUT ROWID;`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'assets, series, points, rollups, events, quarantine, imports, api keys, docs',
    sql: `
CREATE TABLE assets (
  id         TEXT PRIMARY KEY,
  parent_id  TEXT REFERENCES assets(id),
  kind       TEXT NOT NULL,
  name       TEXT NOT NULL,
  attributes TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);
CREATE INDEX assets_parent ON assets(parent_id);

CREATE TABLE series (
  key                  INTEGER PRIMARY KEY,
  id                   TEXT NOT NULL UNIQUE,
  asset_id             TEXT NOT NULL REFERENCES assets(id),
  metric               TEXT NOT NULL,
  unit                 TEXT NOT NULL,
  description          TEXT NOT NULL DEFAULT '',
  min_value            REAL,
  max_value            REAL,
  retention_days       REAL,
  expected_interval_ms INTEGER,
  created_at           INTEGER NOT NULL
);
CREATE INDEX series_asset ON series(asset_id);

CREATE TABLE series_counters (
  series_key     INTEGER PRIMARY KEY REFERENCES series(key),
  accepted       INTEGER NOT NULL DEFAULT 0,
  quarantined    INTEGER NOT NULL DEFAULT 0,
  duplicates     INTEGER NOT NULL DEFAULT 0,
  outliers       INTEGER NOT NULL DEFAULT 0,
  gaps           INTEGER NOT NULL DEFAULT 0,
  stuck          INTEGER NOT NULL DEFAULT 0,
  last_ingest_at INTEGER
);

CREATE TABLE points (
  series_key INTEGER NOT NULL,
  ts         INTEGER NOT NULL,
  value      REAL    NOT NULL,
  quality    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (series_key, ts)
) WITHOUT ROWID;
${rollupTable('rollup_1m')}
${rollupTable('rollup_1h')}

CREATE TABLE events (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  ts        INTEGER NOT NULL,
  kind      TEXT NOT NULL,
  severity  TEXT NOT NULL,
  asset_id  TEXT,
  series_id TEXT,
  message   TEXT NOT NULL,
  data      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_ts ON events(ts);
CREATE INDEX events_kind ON events(kind, ts);
CREATE INDEX events_asset ON events(asset_id, ts);
CREATE INDEX events_series ON events(series_id, ts);

CREATE TABLE imports (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  source      TEXT NOT NULL,
  format      TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER,
  rows        INTEGER,
  accepted    INTEGER,
  quarantined INTEGER,
  duplicates  INTEGER,
  outliers    INTEGER,
  series      TEXT,
  status      TEXT,
  error       TEXT
);

CREATE TABLE quarantine (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  import_id INTEGER,
  source    TEXT NOT NULL,
  location  TEXT NOT NULL,
  raw       TEXT NOT NULL,
  reasons   TEXT NOT NULL,
  series_id TEXT,
  ts        INTEGER NOT NULL,
  status    TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resubmitted', 'discarded'))
);
CREATE INDEX quarantine_import ON quarantine(import_id);
CREATE INDEX quarantine_series ON quarantine(series_id);
CREATE INDEX quarantine_status ON quarantine(status);

CREATE TABLE api_keys (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  hash       TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);

CREATE TABLE docs (
  ns         TEXT NOT NULL,
  key        TEXT NOT NULL,
  doc        TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (ns, key)
) WITHOUT ROWID;
`,
  },
  {
    version: 2,
    // CREATE … IF NOT EXISTS: databases whose ledger tables an earlier `xinzhi ledger` made keep them.
    name: 'signed ledger: entries, tile nodes, checkpoints, organisations, keys, witness state',
    sql: LEDGER_SCHEMA,
  },
  {
    version: 3,
    name: 'series signal type (gauge, counter, state)',
    sql: `ALTER TABLE series ADD COLUMN signal TEXT CHECK (signal IN ('gauge', 'counter', 'state'));`,
  },
  {
    version: 4,
    // SQLite cannot widen a CHECK constraint in place, so api_keys is rebuilt with its ids kept.
    name: 'organisations and sites; API keys with five roles and a scope (organisation, sites, asset)',
    sql: `
CREATE TABLE orgs (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
INSERT INTO orgs (id, name, created_at) VALUES ('default', 'Default organisation', 0);
CREATE TABLE sites (
  id         TEXT PRIMARY KEY,
  org        TEXT NOT NULL REFERENCES orgs(id),
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE api_keys_v4 (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'engineer', 'device', 'admin')),
  hash       TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  org        TEXT NOT NULL DEFAULT 'default' REFERENCES orgs(id),
  sites      TEXT,
  asset      TEXT
);
INSERT INTO api_keys_v4 (id, name, role, hash, created_at, revoked_at)
  SELECT id, name, role, hash, created_at, revoked_at FROM api_keys;
DROP TABLE api_keys;
ALTER TABLE api_keys_v4 RENAME TO api_keys;
`,
  },
  {
    version: 5,
    // Triggers make the audit log append-only for every writer of the file, not only this code.
    name: 'users (scrypt password hashes, OIDC identities), sessions (id hashes), append-only audit log',
    sql: `
CREATE TABLE users (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  username            TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role                TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'engineer', 'device', 'admin')),
  org                 TEXT NOT NULL DEFAULT 'default' REFERENCES orgs(id),
  sites               TEXT,
  password_hash       TEXT,
  oidc_issuer         TEXT,
  oidc_subject        TEXT,
  created_at          INTEGER NOT NULL,
  password_changed_at INTEGER,
  disabled_at         INTEGER,
  UNIQUE (oidc_issuer, oidc_subject)
);
CREATE TABLE sessions (
  hash         TEXT PRIMARY KEY,
  user_id      INTEGER REFERENCES users(id),
  key_id       INTEGER REFERENCES api_keys(id),
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  ip           TEXT,
  user_agent   TEXT,
  CHECK ((user_id IS NULL) <> (key_id IS NULL))
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_key ON sessions (key_id);
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  ts         INTEGER NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id   INTEGER,
  actor_name TEXT NOT NULL,
  org        TEXT,
  action     TEXT NOT NULL,
  method     TEXT,
  path       TEXT,
  target     TEXT,
  status     INTEGER,
  ip         TEXT,
  before     TEXT,
  after      TEXT,
  comment    TEXT
);
CREATE INDEX audit_log_ts ON audit_log (ts);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`,
  },
  {
    version: 6,
    name: 'jobs: durable records of heavy work asked for over the API (shared job queue)',
    sql: JOBS_SCHEMA,
  },
  {
    version: 7,
    name: 'documents: free-form namespaces renamed to <area>.<kind> (store/collections/namespaces.ts)',
    sql: renameNamespacesSql(),
  },
  {
    version: 10,
    name: 'report schedules and their delivery log (one delivery per schedule and slot)',
    sql: REPORT_SCHEDULES_SCHEMA,
  },
  {
    version: 11,
    name: 'ledger trace index: identifiers each EPCIS event names, for lot/item traces',
    sql: TRACE_SCHEMA,
  },
];

/** Applies pending migrations in order; returns the versions applied now. */
export function migrate(
  db: Database.Database,
  now: number,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .pluck()
      .all()
      .map((v) => Number(v)),
  );
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => v > newest);
  if (unknown.length > 0)
    throw new XinzhiError(
      'STORE_FAILURE',
      `database schema version ${Math.max(...unknown)} is newer than this xinzhi knows (${newest}); upgrade xinzhi`,
    );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, now);
    }).immediate();
    done.push(m.version);
  }
  return done;
}
