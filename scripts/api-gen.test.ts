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

  it('keeps named schemas non-nullable (a nullable use must not rename a null-accepting copy)', async () => {
    const doc = (await openApiDocument()) as { components: { schemas: Record<string, { type?: unknown }> } };
    const nullable = Object.entries(doc.components.schemas)
      .filter(([, s]) => Array.isArray(s.type) && s.type.includes('null'))
      .map(([name]) => name);
    expect(nullable).toEqual([]);
  });
});
