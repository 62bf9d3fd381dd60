/**
 * The isolation matrix (issue 13, item 3): every operation of the OpenAPI document × every role ×
 * a target in scope, on another site of the same organisation, and in another organisation.
 *
 * Principals are keys of organisation acme limited to site plant1 (the device key to asset
 * plant1/press). Targets: plant1/press/temp (in scope), plant2/oven/temp (acme's other site) and
 * mill/roller/temp (organisation beta), each with points, an event, a quarantine row, an import,
 * an alarm, a control loop, an image, a user, a queued job and a report schedule; plans, delivery
 * plans and training runs of acme and beta; keys of each scope; one installation connector.
 * Expectations:
 *
 * - the role lacks the operation's `x-permission` → 403, whatever the target;
 * - in scope with the permission → neither 401 nor 403 nor a 5xx, and no 404 where the target exists;
 * - out of scope: a read naming a target → 404, a write naming a target → 403; a list or
 *   aggregate answers but mentions nothing of the other scope.
 *
 * Org-level things (plans, runs, models, logistics) have no site: "another site" is the caller's
 * organisation there, and the ledger belongs to the installation (the default organisation).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlarmService, runs, vision } from '../analytics/index.js';
import { can, principalOf, ROLES, type Role, silentLogger } from '../core/index.js';
import { createImageFiles, createInspectionService } from '../domains/inspection/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { createApiKey } from './auth/api-key.js';
import { seedOrgs, T0 } from './auth/scope.fixture.js';
import { scopeCheck } from './auth/scope.js';
import { runWithScope, scopedStore } from './auth/scope-store.js';
import { createReportService, type ReportService } from './reports/report-service.js';
import { createTestApp } from './test-app.fixture.js';

type Scope = 'in' | 'otherSite' | 'otherOrg';
const SCOPES: readonly Scope[] = ['in', 'otherSite', 'otherOrg'];
const SITE: Record<Scope, string> = { in: 'plant1', otherSite: 'plant2', otherOrg: 'mill' };
const ASSET: Record<Scope, string> = {
  in: 'plant1/press',
  otherSite: 'plant2/oven',
  otherOrg: 'mill/roller',
};
const SERIES: Record<Scope, string> = {
  in: 'plant1/press/temp',
  otherSite: 'plant2/oven/temp',
  otherOrg: 'mill/roller/temp',
};
const LOOP: Record<Scope, string> = { in: 'loop-p1', otherSite: 'loop-p2', otherOrg: 'loop-mill' };

interface Op {
  readonly method: string;
  readonly path: string;
  readonly permission: string;
  /** A permission checked inside the handler as well (a job kind's). */
  readonly alsoNeeds: string | undefined;
  readonly params: readonly string[];
}

interface Fixture {
  readonly quarantine: Record<Scope, number>;
  readonly imports: Record<Scope, number>;
  readonly keys: Record<Scope, number>;
  readonly plans: Record<Scope, string>;
  readonly deliveries: Record<Scope, string>;
  readonly runs: Record<Scope, string>;
  readonly images: Record<Scope, string>;
  /** Users limited to the scope's site. */
  readonly users: Record<Scope, number>;
  /** Report schedules: of the default organisation (in), of acme (otherSite), of beta. */
  readonly schedules: Record<Scope, number>;
  /** A multipart upload of a tiny PNG to the scope's asset: its bytes and content type. */
  readonly uploads: Record<Scope, { body: Uint8Array; type: string }>;
}

const enc = encodeURIComponent;
const PASSWORD = 'correct horse battery';
/** One order, one van: the smallest delivery plan (solved on the routing worker, or queued as a job). */
const DELIVERY = {
  depot: { lat: 31.3, lon: 120.7 },
  orders: [{ id: 'o1', lat: 31.31, lon: 120.71, demand: 1 }],
  vans: [{ id: 'v1', capacity: 10, shiftStart: T0, shiftEnd: T0 + 36_000_000 }],
  timeLimitS: 0.05,
};
/** A daily CSV production report delivered to a folder (under the test's temporary reports root). */
const SCHEDULE = {
  type: 'production',
  cron: '5 6 * * *',
  timeZone: 'Asia/Shanghai',
  period: 'day',
  format: 'csv',
  lang: 'en',
  delivery: { kind: 'folder', path: 'matrix' },
};

/** A Modbus connector declaration (nothing starts it: the test app runs no connector manager). */
const CONNECTOR = {
  kind: 'modbus',
  config: {
    devices: [
      {
        host: '127.0.0.1',
        port: 502,
        asset: 'legacy/meter',
        map: {
          groups: { fast: 1000 },
          registers: [{ metric: 'voltage', table: 'input', address: 0, type: 'float32', unit: 'V' }],
        },
      },
    ],
  },
};

/** A 2×2 PNG posted to `asset` as the multipart form POST /images reads. */
async function upload(asset: string): Promise<{ body: Uint8Array; type: string }> {
  const form = new FormData();
  form.append('asset', asset);
  const png = vision.encodePng({ width: 2, height: 2, data: new Uint8Array(16).fill(200) });
  form.append('image', new Blob([png]), 'frame.png');
  const res = new Response(form);
  return { body: new Uint8Array(await res.arrayBuffer()), type: res.headers.get('content-type') ?? '' };
}

/** A finished training run stored in `org`'s documents, as a tracked trainer leaves it. */
async function seedRun(raw: Store, org: string): Promise<string> {
  const scope = scopeCheck(principalOf('key', 0, 'seed', 'admin', { org }), () => org);
  return runWithScope(scope, async () => {
    const run = await runs.startRun(scopedStore(raw), {
      kind: 'seed',
      config: {},
      data: { fingerprint: org },
    });
    await run.finish({ evaluation: { mae: 1 } });
    return run.id;
  });
}

/** What an operation acts on, if anything: its targets per scope. */
function targetOf(op: Op, f: Fixture): ((s: Scope) => string) | undefined {
  const p = op.path;
  if (p.includes('{id}')) {
    if (p.startsWith('/api/v1/series/')) return (s) => enc(SERIES[s]);
    if (p.startsWith('/api/v1/quarantine/')) return (s) => String(f.quarantine[s]);
    if (p.startsWith('/api/v1/imports/')) return (s) => String(f.imports[s]);
    if (p.startsWith('/api/v1/keys/')) return (s) => String(f.keys[s]);
    if (p.startsWith('/api/v1/sites/')) return (s) => SITE[s];
    if (p.startsWith('/api/v1/control/loops/')) return (s) => LOOP[s];
    if (p.startsWith('/api/v1/plans/')) return (s) => f.plans[s];
    if (p.startsWith('/api/v1/logistics/plans/')) return (s) => f.deliveries[s];
    if (p.startsWith('/api/v1/runs/')) return (s) => f.runs[s];
    if (p.startsWith('/api/v1/images/')) return (s) => f.images[s];
    if (p.startsWith('/api/v1/users/')) return (s) => String(f.users[s]);
    if (p.startsWith('/api/v1/reports/schedules/')) return (s) => String(f.schedules[s]);
    // Installation-level: only conn-in is declared; the others are refused before any lookup.
    if (p.startsWith('/api/v1/connectors/')) return (s) => `conn-${s.toLowerCase()}`;
    // Jobs of each scope exist (queued delivery plans).
    if (p === '/api/v1/jobs/{id}' || p === '/api/v1/jobs/{id}/cancel') return (s) => `job-${s}`;
    return (s) => `missing-${s}`;
  }
  if (p.includes('{asset}')) return (s) => enc(ASSET[s]);
  if (p.includes('{name}')) return (s) => `model-${s}`;
  if (p.includes('{index}')) return () => '0';
  const q = op.params;
  if (q.includes('query:series') && /\/(points|points\/buckets|quality)$/.test(p) && op.method === 'GET')
    return (s) => SERIES[s];
  if (q.includes('query:field')) return (s) => ASSET[s];
  if ((p === '/api/v1/keys' || p === '/api/v1/users') && op.method === 'POST') return (s) => SITE[s];
  // Uploads and a camera mapping name their asset (in the form, the body or the query).
  if (p === '/api/v1/jobs/uploads') return (s) => ASSET[s];
  if (
    (p === '/api/v1/images' && op.method === 'POST') ||
    (p === '/api/v1/inspection/cameras' && op.method !== 'GET')
  )
    return (s) => ASSET[s];
  // The alarm KPIs are a listing (over the caller's alarms), the other alarm routes act on one.
  if (p.startsWith('/api/v1/alarms/') && op.method !== 'GET') return (s) => SERIES[s];
  if (
    p === '/api/v1/points' ||
    p === '/api/v1/events' ||
    p === '/api/v1/control/loops' ||
    p === '/api/v1/imports'
  )
    return op.method === 'GET' ? undefined : (s) => SERIES[s];
  return undefined;
}

/** Org-level operations: scoped by organisation only (another site is the caller's own). */
const orgLevel = (p: string): boolean =>
  /^\/api\/v1\/(plans|runs|runs-compare|models|logistics|staffing|queueing|games)(\/|$)/.test(p);
/**
 * Installation-level: the ledger, creating organisations, connectors (the default organisation's
 * unrestricted keys); and changing report schedules, which only a principal with its whole
 * organisation in scope may do (site-limited keys are refused even in their own organisation).
 */
const installation = (op: { method: string; path: string }): boolean =>
  op.path.startsWith('/api/v1/ledger/') ||
  op.path.startsWith('/api/v1/connectors/') ||
  (op.method === 'POST' && op.path === '/api/v1/orgs') ||
  (op.method !== 'GET' && op.path.startsWith('/api/v1/reports/schedules'));

/**
 * Computations from the request body alone (collaboration cases, parsing an instruction, field
 * scheduling) and queuing a JSON job (it runs as its submitter, whose scope is checked again then):
 * nothing stored is named, so every scope gets an answer, which must mention nothing of the other
 * scopes, like a listing.
 */
const computation = (op: { method: string; path: string }): boolean =>
  /^\/api\/v1\/(collab|ask)(\/|$)/.test(op.path) || (op.method === 'POST' && op.path === '/api/v1/jobs');

/**
 * The job routes are guarded by `read`; a job's kind needs the permission of the route it mirrors,
 * checked inside (the queued job is a delivery plan, the upload an import).
 */
const JOB_PERMISSION: Record<string, string> = {
  'POST /api/v1/jobs': 'plan',
  'POST /api/v1/jobs/{id}/cancel': 'plan',
  'POST /api/v1/jobs/uploads': 'data:write',
};

function request(op: Op, scope: Scope, f: Fixture): { url: string; body?: unknown; type?: string } {
  const target = targetOf(op, f);
  const t = target?.(scope) ?? '';
  let url = op.path.replace(/\{(id|asset|name|index)\}/, t);
  const q = new URLSearchParams();
  const series = SERIES[scope];
  if (op.params.includes('query:series') && target) q.set('series', series);
  if (op.params.includes('query:field')) q.set('field', ASSET[scope]);
  if (op.path.endsWith('/points/buckets')) q.set('bucket', '1m');
  if (op.method === 'GET' && (op.path.endsWith('/points') || op.path.endsWith('/buckets'))) {
    q.set('from', String(T0 - 1000));
    q.set('to', String(T0 + 60_000));
  }
  if (op.path.endsWith('/stream')) q.set('events', 'false');
  if (op.path.endsWith('/runs-compare')) q.set('ids', 'a,b');
  if (op.path.endsWith('/consistency')) q.set('from', '1');
  if (op.path.endsWith('/queueing'))
    for (const [k, v] of Object.entries({ model: 'mmc', arrivalRate: '1', serviceRate: '2', servers: '1' }))
      q.set(k, v);
  if (op.path === '/api/v1/imports' && op.method === 'POST') q.set('name', 'x.csv');
  if (op.path === '/api/v1/jobs/uploads')
    for (const [k, v] of Object.entries({ kind: 'import', asset: ASSET[scope], name: 'x.csv' })) q.set(k, v);
  if (op.path === '/api/v1/inspection/cameras' && op.method === 'DELETE') q.set('asset', ASSET[scope]);
  if (q.size > 0) url += `?${q}`;
  const key = `${series}|limit:high`;
  const bodies: Record<string, unknown> = {
    'PATCH /api/v1/series/{id}': { description: 'x' },
    'POST /api/v1/points': [{ series, ts: T0 + 5000, value: 1 }],
    'POST /api/v1/events': { kind: 'note', message: 'm', seriesId: series },
    'POST /api/v1/alarms/ack': { key },
    'POST /api/v1/alarms/shelve': { key, minutes: 10 },
    'POST /api/v1/alarms/unshelve': { key },
    'POST /api/v1/keys':
      scope === 'otherOrg'
        ? { name: 'k', role: 'viewer', org: 'beta' }
        : { name: 'k', role: 'viewer', sites: [SITE[scope]] },
    'POST /api/v1/orgs': { id: `org${Math.random().toString(36).slice(2, 8)}` },
    'POST /api/v1/users': {
      username: `u${Math.random().toString(36).slice(2, 8)}`,
      password: PASSWORD,
      role: 'viewer',
      sites: [SITE[scope]],
    },
    'POST /api/v1/users/{id}/password': { password: `${PASSWORD}!` },
    'POST /api/v1/reports/schedules': { name: 'matrix', spec: SCHEDULE },
    'POST /api/v1/jobs': { kind: 'delivery-plan', input: DELIVERY },
    // Each case routes every coalition for half a second: solved in scope only, a negative capacity refused (400) elsewhere.
    'POST /api/v1/collab/delivery': {
      depot: [0, 0],
      capacity: scope === 'in' ? 10 : -1,
      shippers: [
        { name: 'A', orders: [{ at: [10, 0], demand: 1 }] },
        { name: 'B', orders: [{ at: [10, 1], demand: 1 }] },
      ],
    },
    'POST /api/v1/collab/capacity': {
      products: [{ name: 'p', profit: 1, uses: { h: 1 } }],
      partners: [
        { name: 'A', capacity: { h: 1 } },
        { name: 'B', capacity: { h: 2 } },
      ],
    },
    'POST /api/v1/ask': { text: '周日之前把11号地50亩翻完', now: '2026-12-11T08:00:00+08:00' },
    'POST /api/v1/ask/field-schedule': {
      from: '2026-12-11',
      days: 2,
      jobs: [{ id: 'j1', type: 'till', hours: 2 }],
    },
    'PATCH /api/v1/reports/schedules/{id}': { enabled: false },
    'PUT /api/v1/sites/{id}': { name: 'renamed' },
    'PUT /api/v1/connectors/{id}': CONNECTOR,
    'POST /api/v1/inspection/cameras': { asset: ASSET[scope], model: 'surface', defects: { scratch: 0.5 } },
    'PUT /api/v1/series/{id}/alarm-rules': {},
    'PUT /api/v1/rul/mappings/{asset}': {
      model: { kind: 'health-index', baselineSamples: 10 },
      series: { [series]: 'temp' },
      bucketMs: 300_000,
    },
    'POST /api/v1/control/loops': {
      id: `new-${scope}-${Math.random().toString(36).slice(2, 8)}`,
      pvSeries: series,
      sampleTimeMs: 1000,
      setpoint: 100,
      manualOutput: 40,
      tuning: { kc: 1, ti: 120 },
    },
    'PATCH /api/v1/control/loops/{id}': { setpoint: 90 },
    'POST /api/v1/control/loops/{id}/mode': { mode: 'manual' },
    'POST /api/v1/control/loops/{id}/setpoint': { value: 50 },
    'POST /api/v1/control/loops/{id}/output': { value: 10 },
    'POST /api/v1/control/loops/{id}/tuning': { kc: 2 },
    'POST /api/v1/control/loops/{id}/limits': { outMax: 90 },
    'POST /api/v1/control/loops/{id}/assistant': { test: 'step' },
    'PUT /api/v1/farm/field/params': {
      crop: 'barley',
      soil: { thetaFc: 0.36, thetaWp: 0.135 },
      plantingDate: '2026-05-10',
      areaHa: 1,
      rootDepthM: 0.3,
      station: ASSET[scope],
      latitude: 31,
      elevation: 4,
    },
  };
  if (op.method === 'POST' && (op.path === '/api/v1/imports' || op.path === '/api/v1/jobs/uploads'))
    return { url, body: `series,ts,value\n${series},2024-01-01T00:00:07Z,3\n`, type: 'text/csv' };
  if (op.method === 'POST' && op.path === '/api/v1/images') return { url, ...f.uploads[scope] };
  const k = `${op.method} ${op.path.replace(/^\/api\/v1/, '/api/v1')}`;
  const body = bodies[k];
  if (body !== undefined) return { url, body };
  return op.method === 'GET' || op.method === 'DELETE' ? { url } : { url, body: {} };
}

let raw: Store;
let reportService: ReportService;
let app: ReturnType<typeof createTestApp>;
let ops: Op[];
let fixture: Fixture;
const keyOf = new Map<Role, Record<string, string>>();
let ledgerKeys: Map<Role, Record<string, string>>;

beforeAll(async () => {
  raw = await openSqliteStore(':memory:');
  await seedOrgs(raw);
  app = createTestApp(raw, {
    now: T0 + 60_000,
    auth: { mode: 'keys', loopbackOnly: true },
    web: false,
    with: ({ store, clock }) => {
      const dir = mkdtempSync(join(tmpdir(), 'xinzhi-matrix-'));
      reportService = createReportService({
        store,
        clock,
        logger: silentLogger,
        nodeId: 'matrix',
        reportsDir: join(dir, 'reports'),
      });
      return {
        reports: reportService,
        inspection: createInspectionService({
          store,
          files: createImageFiles(join(dir, 'images')),
          clock,
          logger: silentLogger,
        }),
      };
    },
  });
  const { store, pipeline, call } = app;
  const importOf = {} as Record<Scope, number>;
  for (const s of SCOPES) {
    importOf[s] = await store.createImport({ source: `seed-${s}`, format: 'json', startedAt: T0 });
    await pipeline.ingest(
      [{ seriesId: SERIES[s], ts: T0, value: 20, unit: 'Cel', location: 'seed', raw: '' }],
      {
        source: 'seed',
        importId: importOf[s],
      },
    );
    await store.finishImport(importOf[s], {
      finishedAt: T0,
      rows: 1,
      accepted: 1,
      quarantined: 0,
      duplicates: 0,
      outliers: 0,
      series: [SERIES[s]],
      status: 'done',
    });
    await store.appendEvent({ ts: T0, kind: 'note', message: `event ${s}`, seriesId: SERIES[s] });
    await createAlarmService({ store }).apply({
      type: 'raise',
      source: SERIES[s],
      condition: 'limit:high',
      severity: 'major',
      message: 'hot',
      value: 99,
      ts: T0,
    });
  }
  const [q1, q2, q3] = await store.addQuarantine(
    SCOPES.map((s) => ({
      importId: importOf[s],
      source: 'seed',
      location: 'x',
      raw: `{"series":"${SERIES[s]}","value":"bad"}`,
      reasons: [{ code: 'X', message: 'bad' }],
      seriesId: SERIES[s],
      ts: T0,
    })),
  );
  for (const s of SCOPES)
    await raw.jobs.submit({
      id: `job-${s}`,
      kind: 'delivery-plan',
      input: {},
      submitter: {
        kind: 'key',
        id: 999,
        name: `seed-${s}`,
        role: 'operator',
        org: s === 'otherOrg' ? 'beta' : 'acme',
        sites: [SITE[s]],
        asset: null,
      },
      maxAttempts: 3,
      createdAt: T0,
    });
  const bearer = async (role: Role, scope: { org?: string; sites?: string[]; asset?: string }) => {
    const { record, secret } = await createApiKey(raw, { name: `${role}`, role, ...scope }, T0);
    return { id: record.id, h: { authorization: `Bearer ${secret}` } };
  };
  const acmeAdmin = await bearer('admin', { org: 'acme' });
  const betaAdmin = await bearer('admin', { org: 'beta' });
  const keys = {
    in: (await bearer('viewer', { org: 'acme', sites: ['plant1'] })).id,
    otherSite: (await bearer('viewer', { org: 'acme', sites: ['plant2'] })).id,
    otherOrg: (await bearer('viewer', { org: 'beta' })).id,
  };
  for (const s of SCOPES) {
    const r = await call(
      'POST',
      '/api/v1/control/loops',
      {
        id: LOOP[s],
        pvSeries: SERIES[s],
        sampleTimeMs: 1000,
        setpoint: 100,
        manualOutput: 40,
        tuning: { kc: 1, ti: 120 },
      },
      s === 'otherOrg' ? betaAdmin.h : acmeAdmin.h,
    );
    expect(r.status).toBe(201);
  }
  const rul = await call(
    'PUT',
    `/api/v1/rul/mappings/${enc(ASSET.in)}`,
    {
      model: { kind: 'health-index', baselineSamples: 10 },
      series: { [SERIES.in]: 'temp' },
      bucketMs: 300_000,
    },
    acmeAdmin.h,
  );
  expect(rul.status).toBe(200);
  const field = await call(
    'PUT',
    `/api/v1/farm/field/params?field=${enc(ASSET.in)}`,
    {
      crop: 'barley',
      soil: { thetaFc: 0.36, thetaWp: 0.135 },
      plantingDate: '2026-05-10',
      areaHa: 1,
      rootDepthM: 0.3,
      station: 'plant1/press',
      latitude: 31,
      elevation: 4,
    },
    acmeAdmin.h,
  );
  expect([field.status, field.body.detail]).toEqual([200, undefined]);
  const example = (await call('GET', '/api/v1/plans/example', undefined, acmeAdmin.h)).body;
  const acmePlan = (await call('POST', '/api/v1/plans', { plan: example }, acmeAdmin.h)).body.id as string;
  const betaPlan = (await call('POST', '/api/v1/plans', { plan: example }, betaAdmin.h)).body.id as string;
  const delivery = async (h: Record<string, string>) => {
    const r = await call('POST', '/api/v1/logistics/plans', DELIVERY, h);
    expect([r.status, r.body.detail]).toEqual([201, undefined]);
    return r.body.id as string;
  };
  const acmeDelivery = await delivery(acmeAdmin.h);
  const acmeRun = await seedRun(raw, 'acme');
  const uploads = {} as Record<Scope, { body: Uint8Array; type: string }>;
  const images = {} as Record<Scope, string>;
  for (const s of SCOPES) {
    uploads[s] = await upload(ASSET[s]);
    const res = await app.request('POST', '/api/v1/images', uploads[s].body, {
      ...(s === 'otherOrg' ? betaAdmin.h : acmeAdmin.h),
      'content-type': uploads[s].type,
    });
    const text = await res.text();
    expect([res.status, text]).toEqual([201, expect.any(String)]);
    images[s] = (JSON.parse(text) as { id: string }).id;
  }
  const camera = { asset: ASSET.in, model: 'surface', defects: { scratch: 0.5 } };
  expect((await call('POST', '/api/v1/inspection/cameras', camera, acmeAdmin.h)).status).toBe(200);
  const users = {} as Record<Scope, number>;
  for (const s of SCOPES) {
    const body = { username: `user-${s}`, password: PASSWORD, role: 'viewer', sites: [SITE[s]] };
    const r = await call('POST', '/api/v1/users', body, s === 'otherOrg' ? betaAdmin.h : acmeAdmin.h);
    expect([r.status, r.body.detail]).toEqual([201, undefined]);
    users[s] = r.body.id as number;
  }
  const installer = await bearer('admin', {});
  expect((await call('PUT', '/api/v1/connectors/conn-in', CONNECTOR, installer.h)).status).toBe(200);
  const schedule = async (h: Record<string, string>) => {
    const r = await call('POST', '/api/v1/reports/schedules', { name: 'seed', spec: SCHEDULE }, h);
    expect([r.status, r.body.detail]).toEqual([201, undefined]);
    return r.body.id as number;
  };
  fixture = {
    quarantine: { in: q1 ?? 0, otherSite: q2 ?? 0, otherOrg: q3 ?? 0 },
    imports: importOf,
    keys,
    plans: { in: acmePlan, otherSite: acmePlan, otherOrg: betaPlan },
    deliveries: { in: acmeDelivery, otherSite: acmeDelivery, otherOrg: await delivery(betaAdmin.h) },
    runs: { in: acmeRun, otherSite: acmeRun, otherOrg: await seedRun(raw, 'beta') },
    images,
    uploads,
    users,
    schedules: {
      in: await schedule(installer.h),
      otherSite: await schedule(acmeAdmin.h),
      otherOrg: await schedule(betaAdmin.h),
    },
  };
  for (const role of ROLES)
    keyOf.set(
      role,
      (
        await bearer(
          role,
          role === 'device' ? { org: 'acme', asset: 'plant1/press' } : { org: 'acme', sites: ['plant1'] },
        )
      ).h,
    );
  ledgerKeys = new Map();
  for (const role of ROLES)
    ledgerKeys.set(role, (await bearer(role, role === 'device' ? { asset: 'legacy/x' } : {})).h);

  const doc = (await (await app.request('GET', '/api/openapi.json')).json()) as {
    paths: Record<
      string,
      Record<string, { 'x-permission'?: string; parameters?: { in: string; name: string }[] }>
    >;
  };
  ops = [];
  // Deletions last, so they do not remove what the other operations act on.
  for (const [path, byMethod] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(byMethod))
      ops.push({
        method: method.toUpperCase(),
        path,
        permission: op['x-permission'] ?? '(none)',
        alsoNeeds: JOB_PERMISSION[`${method.toUpperCase()} ${path}`],
        params: (op.parameters ?? []).map((x) => `${x.in}:${x.name}`),
      });
  ops.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
});
afterAll(async () => {
  await reportService.close();
  await raw.close();
});

/** Names that must not appear in what a principal of acme/plant1 is shown about other scopes. */
const MARKERS: Record<Exclude<Scope, 'in'>, RegExp> = {
  otherSite: /plant2|loop-p2/,
  otherOrg: /mill|loop-mill/,
};

describe('isolation matrix', () => {
  it('every route × role × scope: permission, then scope (404 reads, 403 writes, nothing leaked)', async () => {
    expect(ops.length).toBeGreaterThan(50);
    const failures: string[] = [];
    const deleted = new Set<string>();
    let cells = 0;
    const untargeted = new Set<string>();
    const tally = { denied: 0, inScope: 0, targeted: 0, listed: 0, otherOrgDocs: 0, untargeted: 0 };
    for (const op of ops) {
      if (op.permission === 'public') continue;
      for (const role of ROLES) {
        const principal = principalOf('key', 1, 'x', role);
        const permitted = [op.permission, op.alsoNeeds ?? op.permission].every((x) =>
          can(principal, x as never),
        );
        for (const scope of SCOPES) {
          cells++;
          const headers = installation(op) && scope === 'in' ? ledgerKeys.get(role) : keyOf.get(role);
          const r = request(op, scope, fixture);
          const res = await app.request(op.method, r.url, r.body, {
            ...headers,
            ...(r.type ? { 'content-type': r.type } : {}),
          });
          const text = op.path.endsWith('/stream') ? '' : await res.text();
          if (op.path.endsWith('/stream')) await res.body?.cancel();
          const where = `${op.method} ${op.path} as ${role}, ${scope}: ${res.status} ${text.slice(0, 160)}`;
          const target = targetOf(op, fixture);
          const sameOrg = orgLevel(op.path) && scope === 'otherSite';
          if (!permitted) {
            tally.denied++;
            if (res.status !== 403) failures.push(`expected 403 (no permission) — ${where}`);
          } else if (scope === 'in' || sameOrg) {
            tally.inScope++;
            // A 404 in scope is wrong unless the target was never made (ids of no fixture) or an
            // earlier role deleted it.
            const gone = op.method === 'DELETE' && deleted.has(op.path);
            if (
              [401, 403].includes(res.status) ||
              (res.status === 404 && target && !gone && !/missing-|model-|proofs/.test(r.url))
            )
              failures.push(`expected access in scope — ${where}`);
            // Access granted must not end in a crash either.
            if (res.status >= 500) failures.push(`server error in scope — ${where}`);
            if (op.method === 'DELETE' && res.status < 300) deleted.add(op.path);
          } else if (orgLevel(op.path) && op.method !== 'GET') {
            tally.otherOrgDocs++;
            // Another organisation's documents live in its own namespace: unreachable, never changed.
            if (res.status < 400 || res.status >= 500)
              failures.push(`expected refusal out of organisation — ${where}`);
          } else if (
            /missing-/.test(r.url) ||
            (!target && !installation(op) && !computation(op) && op.method !== 'GET')
          ) {
            // An area this matrix has no fixture for (a route added later): the target does not
            // exist anywhere, or the write names none; it must still be refused and leak nothing.
            tally.untargeted++;
            untargeted.add(`${op.method} ${op.path}`);
            if (res.status < 400 || res.status >= 500)
              failures.push(`expected refusal (no fixture) — ${where}`);
          } else if (target || installation(op)) {
            tally.targeted++;
            const want = op.method === 'GET' ? 404 : 403;
            if (res.status !== want) failures.push(`expected ${want} out of scope — ${where}`);
          } else {
            tally.listed++;
            if (res.status < 400 && MARKERS[scope].test(text)) failures.push(`leaks ${scope} — ${where}`);
          }
        }
      }
    }
    const routes = ops.filter((o) => o.permission !== 'public').length;
    process.stdout.write(
      `isolation matrix: ${routes} routes × ${ROLES.length} roles × ${SCOPES.length} scopes = ${cells} cells ${JSON.stringify(tally)}; no fixture: ${[...untargeted].join(', ') || 'none'}\n`,
    );
    expect(cells).toBe(routes * ROLES.length * SCOPES.length);
    expect(failures).toEqual([]);
  }, 120_000);
});
