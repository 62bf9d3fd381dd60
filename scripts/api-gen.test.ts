import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../src/server/openapi-document.js';
import { API_TYPES_FILE, generateApiTypes } from './api-gen.js';

describe('generated API types (web/src/api/openapi.ts)', () => {
  it('match the OpenAPI document the server produces now', async () => {
    const fresh = await generateApiTypes();
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    if (committed !== fresh)
      expect.fail(
        'web/src/api/openapi.ts is stale: a route schema changed. Run `npm run api:gen` and commit the file.',
      );
  });

  it('describe every response with a named or inline schema, the plan result with dualsFrom and nonzeros', async () => {
    const text = await generateApiTypes();
    const plan = text.slice(text.indexOf('    PlanResult: {'), text.indexOf('    PlanCosts: {'));
    expect(plan).toContain('dualsFrom?:');
    expect(plan).toContain('nonzeros: number;');
    // A response whose body is only a free-form record says nothing; none are left.
    expect(text).not.toMatch(/"application\/json": \{\s*\[key: string\]: unknown;\s*\};/);
  });

  it('leaves free-form objects only where the shape is free by design', async () => {
    const doc = (await openApiDocument()) as OpenApiDoc;
    expect(freeFormPlaces(doc)).toEqual([
      // What a device announces about itself, and what an event carries: any JSON.
      'Asset.attributes',
      'Event.data',
      'EventInput.data',
      // Whatever the trainer of a kind chose to log (analytics/runs/run-schemas.ts).
      'RunSummary.config',
      'RunSummary.evaluation',
      'RunRecord.config',
      'RunRecord.evaluation',
      'RunComparison.evaluation',
      'RunComparison.config',
      'ModelVersion.evaluation',
      // A plan document, parsed by the domain as it parses the same document sent as text.
      'CreatePlan.plan',
      // An EPCIS 2.0 event, checked by the ledger's validator (extensions are open by the standard).
      'POST /api/v1/ledger/events body.event',
    ]);
  });

  it('keeps named schemas non-nullable (a nullable use must not rename a null-accepting copy)', async () => {
    const doc = (await openApiDocument()) as { components: { schemas: Record<string, { type?: unknown }> } };
    const nullable = Object.entries(doc.components.schemas)
      .filter(([, s]) => Array.isArray(s.type) && s.type.includes('null'))
      .map(([name]) => name);
    expect(nullable).toEqual([]);
  });
});

type JsonSchema = { [k: string]: unknown };
interface OpenApiDoc {
  paths?: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}
interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

/** Where the document has an object with no properties and any values: the places it says nothing. */
function freeFormPlaces(doc: OpenApiDoc): string[] {
  const out: string[] = [];
  const walk = (s: unknown, at: string): void => {
    if (typeof s !== 'object' || s === null) return;
    const o = s as JsonSchema;
    const extra = o['additionalProperties'];
    const anyValue =
      extra === undefined ||
      extra === true ||
      (typeof extra === 'object' && Object.keys(extra ?? {}).length === 0);
    if (o['type'] === 'object' && o['properties'] === undefined && anyValue) out.push(at);
    for (const [k, v] of Object.entries((o['properties'] as JsonSchema | undefined) ?? {}))
      walk(v, `${at}.${k}`);
    walk(o['items'], `${at}[]`);
    for (const k of ['anyOf', 'oneOf', 'allOf'])
      for (const v of (o[k] as unknown[] | undefined) ?? []) walk(v, at);
    if (typeof extra === 'object') walk(extra, `${at}{}`);
  };
  for (const [name, s] of Object.entries(doc.components?.schemas ?? {})) walk(s, name);
  for (const [path, ops] of Object.entries(doc.paths ?? {}))
    for (const [method, op] of Object.entries(ops)) {
      const at = `${method.toUpperCase()} ${path}`;
      for (const c of Object.values(op.requestBody?.content ?? {})) walk(c.schema, `${at} body`);
      for (const [status, r] of Object.entries(op.responses ?? {}))
        for (const c of Object.values(r.content ?? {})) walk(c.schema, `${at} ${status}`);
    }
  return out;
}
