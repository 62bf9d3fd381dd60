/**
 * The fuzz targets of issue 13 ("nothing a client sends can stop the server"): every parser that
 * reads client input and every HTTP route that takes a body, each with a fast-check generator and
 * a list of hand-made nasties (deep nesting, huge numbers, NaN/Infinity, invalid UTF-8, BOMs, NUL
 * bytes, 1M columns, 1M blank lines, prototype-pollution keys, very long ids, MQTT wildcards).
 *
 * The property is the same everywhere: the target returns a result or refuses with a client
 * error (a `XinzhiError` whose code maps to 4xx, or an HTTP 4xx problem), and never throws
 * anything else, answers 5xx, or pollutes `Object.prototype`. `runFuzz` counts inputs and
 * crashes; the vitest suite asserts 0 crashes and `npm run bench -- fuzz` prints the table.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { httpStatusOf, isXinzhiError, manualClock, parseTime } from '../../src/core/index.js';
import { readCsv } from '../../src/ingest/csv/read-csv.js';
import { readJson, readNdjson } from '../../src/ingest/json/read-json.js';
import { parseMqttMessage } from '../../src/ingest/mqtt/payload.js';
import { parseTopic } from '../../src/ingest/mqtt/topic.js';
import { parseReading } from '../../src/ingest/pipeline/reading-schema.js';
import { parseBatchBody } from '../../src/server/routes/batch-body.js';
import { createTestApp } from '../../src/server/test-app.fixture.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { checkPath } from '../../src/store/validate.js';

const NOW = Date.UTC(2024, 0, 1);

/** One input a target failed on. */
export interface Crash {
  readonly input: string;
  readonly error: string;
}

export interface FuzzTarget<T = unknown> {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<T>;
  readonly nasties: readonly T[];
  /** Generated inputs per run, before the scale factor. */
  readonly runs: number;
  /** Resolves when the input was handled acceptably; throws (anything) when it was not. */
  check(input: T): Promise<void>;
  /** Frees what the target holds (an app and its store). */
  close?(): Promise<void>;
}

/** A refusal is fine when it is a client error; anything else is a crash. */
function acceptable(e: unknown): boolean {
  return isXinzhiError(e) && httpStatusOf(e.code) < 500;
}

const guard = async (f: () => unknown): Promise<void> => {
  try {
    await f();
  } catch (e) {
    if (!acceptable(e)) throw e;
  }
};

const polluted = (): boolean =>
  // biome-ignore lint/suspicious/noExplicitAny: checking for prototype pollution
  (({}) as any).polluted !== undefined || ({} as any).x !== undefined;

// ---- the nasties -------------------------------------------------------------------------------

const deepArray = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObject = (n: number): string => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const MILLION_COLUMNS = `ts,${Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',')}\n${NOW},1\n`;
const MILLION_BLANK = `ts,series,value\n${'\n'.repeat(1_000_000)}${NOW},a/b,1\n`;

/** JSON-ish texts every JSON reader gets. */
export const JSON_NASTIES: readonly string[] = [
  deepArray(6000),
  deepObject(6000),
  `[${deepArray(100)}]`,
  `{"series":"a/b","ts":${NOW},"value":${deepArray(50)}}`,
  '1e400',
  '-1e400',
  '9'.repeat(400),
  `{"series":"a/b","ts":${NOW},"value":1e999}`,
  `{"series":"a/b","ts":1e400,"value":1}`,
  'NaN',
  'Infinity',
  `{"series":"a/b","ts":"NaN","value":"NaN"}`,
  `{"series":"a/b","ts":"${NOW}","value":"Infinity"}`,
  `{"series":"a/b","ts":"${NOW}","value":"-Infinity","unit":"Infinity"}`,
  `\uFEFF{"series":"a/b","ts":${NOW},"value":1}`,
  '\uFEFF\uFEFF',
  '\u0000',
  `{"series":"a/b\u0000c","ts":${NOW},"value":1}`,
  `{"series":"a/b","ts":${NOW},"value":"1\u0000"}`,
  `{"__proto__":{"polluted":1},"series":"a/b","ts":${NOW},"value":1}`,
  `{"constructor":{"prototype":{"x":1}},"series":"a/b","ts":${NOW},"value":1}`,
  `[{"series":"__proto__/constructor","ts":${NOW},"value":1},{"series":"a/__proto__","ts":${NOW},"value":2}]`,
  `{"series":"${'a/'.repeat(5000)}b","ts":${NOW},"value":1}`,
  `{"series":"${'x'.repeat(100_000)}/y","ts":${NOW},"value":1}`,
  `[{"series":"a/+/b","ts":${NOW},"value":1},{"series":"a/#","ts":${NOW},"value":1},{"series":"$SYS/x","ts":${NOW},"value":1}]`,
  `{"series":"xss/m1/<img src=x onerror=alert(1)>","ts":${NOW},"value":1}`,
  `{"series":"a/b","ts":"+275760-09-13T00:00:00.001Z","value":1}`,
  `{"series":"a/b","ts":"2024-02-30T25:61:61+99:99","value":1}`,
  `{"series":"a/b","ts":${NOW},"value":1,"unit":"${'['.repeat(1000)}"}`,
  `{"series":"a/b","ts":${NOW},"value":1,"unit":"\u0000"}`,
  '',
  ' ',
  '{',
  '[',
  '"',
  'null',
  '[null,true,false,1,"x",[],{}]',
];

/** Byte payloads (invalid UTF-8 and friends) for byte-level readers. */
export const BYTE_NASTIES: readonly Uint8Array[] = [
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xef, 0xbb, 0xbf, 0x31]),
  Buffer.concat([Buffer.from('{"value":'), Buffer.from([0xff]), Buffer.from('1}')]),
  Buffer.alloc(0),
  Buffer.alloc(1024, 0),
  ...JSON_NASTIES.map((s) => Buffer.from(s)),
];

const TOPIC_NASTIES: readonly string[] = [
  'xinzhi/v1/a/b',
  'xinzhi/v1/a/+',
  'xinzhi/v1/#',
  '$SYS/broker/load',
  'xinzhi/v1/__proto__/constructor',
  `xinzhi/v1/${'a/'.repeat(10_000)}b`,
  `xinzhi/v1/${'x'.repeat(100_000)}/y`,
  'xinzhi/v1/a\u0000/b',
  'xinzhi/v1/a\uFFFD/b',
  'xinzhi/v1/<img>/b',
  '',
  '/',
  'xinzhi/v1/',
];

const CSV_NASTIES: readonly string[] = [
  MILLION_COLUMNS,
  MILLION_BLANK,
  `${'\n'.repeat(1_000_000)}ts,series,value\n${NOW},a/b,1\n`,
  'ts,series,value\n"unclosed,a/b,1\n',
  `ts,series,value\n${NOW},a/+/b,1\n${NOW},a/#,1\n${NOW},a/<b>,1\n${NOW},a/b,1\n`,
  `\uFEFFts,series,value\n${NOW},a/b,NaN\n${NOW},a/b,Infinity\n${NOW},a/b,1e400\n`,
  `ts,series,value\n${NOW},__proto__/constructor,1\n`,
  `ts,a\u0000b\n${NOW},1\n`,
  `ts,${'x'.repeat(100_000)}\n${NOW},1\n`,
  'ts\n',
  '',
  '\u0000\u0000\u0000',
  `ts;value;series\n${NOW};1,5;a/b\n`,
  `ts,series,value,unit\n${NOW},a/b,1,${'['.repeat(1000)}\n`,
  `ts,series,value\n9999-99-99,a/b,1\n-1,a/b,1\n1e30,a/b,1\n`,
];

const TIME_NASTIES: readonly (string | number)[] = [
  '',
  ' ',
  'NaN',
  'Infinity',
  '1e400',
  '9'.repeat(400),
  '-1',
  '9999-99-99',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20T00:00:00Z',
  '2024-02-30T00:00:00Z',
  '2024-01-01T00:00:00+99:99',
  '\u0000',
  '\uFEFF2024-01-01',
  'x'.repeat(100_000),
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  -0,
  2 ** 53,
];

// ---- generators --------------------------------------------------------------------------------

/** Id-like strings: mostly plausible, with the characters that used to get through. */
const idish = fc.oneof(
  fc.constantFrom(
    'a/b',
    'p1/m1/temp',
    '工厂/压机/温度',
    'a/+',
    'a/#',
    '__proto__/x',
    'a/<b>',
    "a/'b",
    'a/ b',
    'a//b',
  ),
  fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 4 }).map((s) => s.join('/')),
  fc.string({ maxLength: 30 }),
);
const tsish = fc.oneof(
  fc.integer({ min: NOW - 10 * 86_400_000, max: NOW + 86_400_000 }),
  fc.double(),
  fc.string({ maxLength: 30 }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('NaN', 'Infinity', '1e400', '', '2024-01-01T00:00:00Z'),
);
const valueish = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 10 }),
  fc.boolean(),
  fc.constant(null),
);
const readingish = fc.record(
  {
    series: idish,
    asset: idish,
    metric: fc.string({ maxLength: 10 }),
    ts: tsish,
    value: valueish,
    unit: fc.oneof(
      fc.constantFrom('Cel', '[degF]', 'bar', 'm3/h', '%', '1', 'furlong'),
      fc.string({ maxLength: 8 }),
    ),
    constructor: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
/** Texts for JSON readers: valid readings, arbitrary JSON, deep-ish JSON, garbage. */
const jsonText = fc.oneof(
  fc.array(readingish, { maxLength: 8 }).map((a) => JSON.stringify(a)),
  readingish.map((r) => JSON.stringify(r)),
  fc.json({ maxDepth: 6 }),
  fc.string({ maxLength: 200 }),
  fc.integer({ min: 1, max: 200 }).map((n) => deepArray(n)),
);
const ndjsonText = fc
  .array(
    fc.oneof(
      readingish.map((r) => JSON.stringify(r)),
      fc.json({ maxDepth: 3 }),
      fc.string({ maxLength: 40 }),
    ),
    {
      maxLength: 10,
    },
  )
  .map((lines) => lines.join('\n'));
const csvText = fc
  .tuple(
    fc.constantFrom('ts,series,value', 'ts,series,value,unit', 'time;temp [Cel];speed (rpm)', 'ts,a,b,c', ''),
    fc.array(
      fc.array(fc.oneof(fc.string({ maxLength: 12 }), tsish.map(String), valueish.map(String), idish), {
        maxLength: 5,
      }),
      { maxLength: 10 },
    ),
    fc.constantFrom(',', ';', '\t'),
  )
  .map(([head, rows, sep]) => [head, ...rows.map((r) => r.join(sep))].join('\n'));

// ---- targets -----------------------------------------------------------------------------------

async function drain(
  gen: AsyncGenerator<{ readings: Array<{ raw: string; location: string }> }>,
): Promise<void> {
  for await (const b of gen) for (const r of b.readings) void (r.raw.length + r.location.length);
}

/** Chunks a text like a file stream does, so line splitting across chunks is exercised. */
const chunked = (text: string): Readable => {
  const b = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < b.length; i += 64 * 1024) parts.push(b.subarray(i, i + 64 * 1024));
  return Readable.from(parts);
};

export function parserTargets(): FuzzTarget[] {
  const targets: FuzzTarget<never>[] = [
    {
      name: 'mqtt payload',
      runs: 1000,
      arbitrary: fc.tuple(
        fc.oneof(
          fc.constantFrom(...TOPIC_NASTIES.slice(0, 6)),
          idish.map((s) => `xinzhi/v1/${s}`),
        ),
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          jsonText.map((t) => Buffer.from(t)),
        ),
      ),
      nasties: BYTE_NASTIES.map((b) => ['xinzhi/v1/a/b', b] as const),
      async check([topic, payload]: readonly [string, Uint8Array]) {
        const r = parseMqttMessage(topic, payload, NOW);
        for (const x of r.readings) void (x.raw.length + x.location.length);
        for (const q of r.quarantine)
          if (q.reasons.length === 0) throw new Error('quarantine row without a reason');
      },
    },
    {
      name: 'mqtt topic',
      runs: 1000,
      arbitrary: fc.oneof(
        fc.string({ maxLength: 100 }),
        idish.map((s) => `xinzhi/v1/${s}`),
      ),
      nasties: TOPIC_NASTIES,
      async check(topic: string) {
        parseTopic(topic);
        parseMqttMessage(topic, Buffer.from('1'), NOW);
      },
    },
    {
      name: 'csv import',
      runs: 300,
      arbitrary: csvText,
      nasties: CSV_NASTIES,
      async check(text: string) {
        await guard(() => drain(readCsv(chunked(text), { name: 'f.csv', asset: 'p1/m1', batchSize: 50 })));
      },
    },
    {
      name: 'json import',
      runs: 300,
      arbitrary: jsonText,
      nasties: JSON_NASTIES,
      async check(text: string) {
        await guard(() => drain(readJson(chunked(text), { name: 'f.json', batchSize: 50 })));
      },
    },
    {
      name: 'ndjson import',
      runs: 300,
      arbitrary: ndjsonText,
      nasties: [...JSON_NASTIES, JSON_NASTIES.join('\n')],
      async check(text: string) {
        await guard(() => drain(readNdjson(chunked(text), { name: 'f.ndjson', batchSize: 50 })));
      },
    },
    {
      name: 'time parsing',
      runs: 2000,
      arbitrary: tsish,
      nasties: TIME_NASTIES,
      async check(t: string | number) {
        parseTime(t);
        parseReading({ seriesId: 'a/b', ts: t, value: 1, location: 'x', raw: '' }, 0, {
          now: NOW,
          futureToleranceMs: 300_000,
          earliestTs: 86_400_000,
        });
      },
    },
    {
      name: 'reading + ids',
      runs: 2000,
      arbitrary: readingish,
      nasties: JSON_NASTIES.flatMap((s) => {
        try {
          const o: unknown = JSON.parse(s);
          return typeof o === 'object' && o !== null && !Array.isArray(o)
            ? [o as Record<string, unknown>]
            : [];
        } catch {
          return [];
        }
      }),
      async check(o: Record<string, unknown>) {
        const seriesId = o['series'];
        parseReading(
          {
            seriesId: seriesId as string,
            ts: o['ts'],
            value: o['value'],
            unit: o['unit'] as string,
            location: 'x',
            raw: '',
          },
          0,
          { now: NOW, futureToleranceMs: 300_000, earliestTs: 86_400_000 },
        );
        await guard(() => checkPath(seriesId, 'id'));
      },
    },
    {
      name: 'http batch body',
      runs: 500,
      arbitrary: fc.tuple(
        fc.oneof(jsonText, ndjsonText),
        fc.constantFrom('json' as const, 'ndjson' as const),
      ),
      nasties: [
        ...JSON_NASTIES.map((s) => [s, 'json'] as const),
        ...JSON_NASTIES.map((s) => [s, 'ndjson'] as const),
        [MILLION_BLANK, 'ndjson'] as const,
      ],
      async check([text, format]: readonly [string, 'json' | 'ndjson']) {
        await guard(() => {
          const r = parseBatchBody(text, format, NOW);
          for (const x of r.readings) void (x.raw.length + x.location.length);
        });
      },
    },
  ] as unknown as FuzzTarget<never>[];
  return targets as FuzzTarget[];
}

/** A route target: every generated body goes to `method path`; the answer must be < 500, a problem when ≥ 400. */
export async function routeTargets(): Promise<FuzzTarget[]> {
  const store = await openSqliteStore(':memory:');
  const t = createTestApp(store, { clock: manualClock(NOW) });
  // A quarantined row to resubmit against.
  await t.call('POST', '/api/v1/points', [{ series: 'q/m/v', ts: NOW - 1000, value: 'bad' }]);
  const qid = (await store.listQuarantine({ status: 'open' }))[0]?.id ?? 1;
  const send = async (method: string, path: string, body: string, type: string): Promise<void> => {
    const res = await t.app.request(path, { method, body, headers: { 'content-type': type } });
    const text = await res.text();
    if (res.status >= 500) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
    if (res.status >= 400 && !(res.headers.get('content-type') ?? '').includes('application/problem+json'))
      throw new Error(`${method} ${path} → ${res.status} without problem+json`);
  };
  const route = (
    name: string,
    method: string,
    path: string,
    type: string,
    arbitrary: fc.Arbitrary<string>,
    nasties: readonly string[],
    runs = 150,
  ): FuzzTarget<string> => ({
    name,
    runs,
    arbitrary,
    nasties,
    check: (body) => send(method, path, body, type),
  });
  const small = JSON_NASTIES.filter((s) => s.length < 200_000);
  const targets: FuzzTarget<string>[] = [
    route('POST /points (json)', 'POST', '/api/v1/points', 'application/json', jsonText, JSON_NASTIES),
    route('POST /points (ndjson)', 'POST', '/api/v1/points', 'application/x-ndjson', ndjsonText, [
      ...small,
      MILLION_BLANK,
    ]),
    route(
      'POST /events',
      'POST',
      '/api/v1/events',
      'application/json',
      fc.oneof(
        fc
          .record(
            {
              kind: fc.string({ maxLength: 20 }),
              message: fc.string({ maxLength: 50 }),
              ts: tsish,
              severity: fc.string({ maxLength: 8 }),
              assetId: idish,
              seriesId: idish,
              data: fc.jsonValue({ maxDepth: 4 }),
            },
            { requiredKeys: [] },
          )
          .map((o) => JSON.stringify(o)),
        jsonText,
      ),
      [
        ...small,
        `{"kind":"k","message":"m","data":{"x":${deepArray(6000)}}}`,
        `{"kind":"k","message":"m","data":{"__proto__":{"polluted":1}}}`,
      ],
    ),
    route('PATCH /series/{id}', 'PATCH', '/api/v1/series/q/m/v', 'application/json', jsonText, small),
    route(
      'POST /imports (csv)',
      'POST',
      '/api/v1/imports?name=f.csv&asset=p1/m1',
      'text/csv',
      csvText,
      CSV_NASTIES,
      60,
    ),
    route(
      'POST /imports (ndjson)',
      'POST',
      '/api/v1/imports?name=f.ndjson&format=ndjson',
      'application/x-ndjson',
      ndjsonText,
      small,
      60,
    ),
    route(
      'POST /jobs',
      'POST',
      '/api/v1/jobs',
      'application/json',
      fc.oneof(
        fc
          .record(
            {
              kind: fc.constantFrom('delivery-plan', 'production-plan', 'import', 'rul-train', 'nap', ''),
              input: fc.jsonValue({ maxDepth: 4 }),
            },
            { requiredKeys: [] },
          )
          .map((o) => JSON.stringify(o)),
        jsonText,
      ),
      [...small, JSON.stringify({ kind: 'delivery-plan', input: { orders: deepArray(6000) } })],
      100,
    ),
    route(
      'POST /jobs/uploads (import)',
      'POST',
      '/api/v1/jobs/uploads?kind=import&name=f.csv',
      'text/csv',
      csvText,
      CSV_NASTIES,
      60,
    ),
    route(
      'POST /quarantine/{id}/resubmit',
      'POST',
      `/api/v1/quarantine/${qid}/resubmit`,
      'application/json',
      fc.oneof(
        fc
          .record(
            {
              raw: fc.oneof(jsonText, fc.string()),
              value: valueish,
              ts: tsish,
              unit: fc.string(),
              seriesId: idish,
            },
            { requiredKeys: [] },
          )
          .map((o) => JSON.stringify(o)),
        jsonText,
      ),
      [...small, JSON.stringify({ raw: deepArray(6000) }), JSON.stringify({ raw: JSON_NASTIES[1] })],
      100,
    ),
  ];
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await store.close();
  };
  return targets.map((x, i) => (i === targets.length - 1 ? { ...x, close } : x)) as FuzzTarget[];
}

export interface FuzzRow {
  readonly target: string;
  readonly inputs: number;
  readonly crashes: number;
  readonly first?: Crash;
}

/** Runs each target's nasties and `runs × scale` generated inputs, counting crashes. */
export async function runFuzz(targets: readonly FuzzTarget[], scale = 1, seed?: number): Promise<FuzzRow[]> {
  const rows: FuzzRow[] = [];
  for (const t of targets) {
    let inputs = 0;
    let crashes = 0;
    let first: Crash | undefined;
    const one = async (input: unknown): Promise<void> => {
      inputs++;
      try {
        await t.check(input as never);
        if (polluted()) throw new Error('Object.prototype was polluted');
      } catch (e) {
        crashes++;
        first ??= {
          input: describe(input),
          error: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : String(e),
        };
      }
    };
    for (const n of t.nasties) await one(n);
    const samples = fc.sample(t.arbitrary, {
      numRuns: Math.max(1, Math.round(t.runs * scale)),
      ...(seed === undefined ? {} : { seed }),
    });
    for (const s of samples) await one(s);
    await t.close?.();
    rows.push({ target: t.name, inputs, crashes, ...(first ? { first } : {}) });
  }
  return rows;
}

function describe(input: unknown): string {
  try {
    const s =
      typeof input === 'string'
        ? input
        : JSON.stringify(input, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v));
    return s.length > 120 ? `${s.slice(0, 120)}… (${s.length} chars)` : s;
  } catch {
    return String(input);
  }
}
