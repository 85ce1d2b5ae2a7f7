import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { startStack, type Stack } from '../support/stack.js';
import { servedRoutes } from '../support/routes.js';

let stack: Stack;
before(async () => {
  // With metrics on, so GET /metrics is served and must be documented too.
  stack = await startStack({ metricsToken: 'm'.repeat(32) });
});
after(() => stack.close());

describe('GET /openapi.json', () => {
  test('is a valid OpenAPI 3.1 document', async () => {
    const result = await stack.request<Record<string, unknown>>('/openapi.json');
    assert.equal(result.status, 200);
    assert.equal(result.body.openapi, '3.1.0');
    await SwaggerParser.validate(structuredClone(result.body) as never);
  });

  test('describes every route the app serves, and no other', async () => {
    const doc = (await stack.request<{ paths: Record<string, Record<string, unknown>> }>('/openapi.json')).body;
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));
    const served = new Set(
      servedRoutes(stack.app).map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    assert.deepEqual([...served].sort(), [...documented].sort());
  });

  test('its request schemas are the ones the routes validate with', async () => {
    const doc = (await stack.request<{ components: { schemas: Record<string, { required?: string[]; additionalProperties?: boolean }> } }>('/openapi.json')).body;
    assert.deepEqual(doc.components.schemas.CreateSessionRequest?.required, ['tenantId']);
    assert.equal(doc.components.schemas.ConnectRequest?.additionalProperties, false);
  });
});
