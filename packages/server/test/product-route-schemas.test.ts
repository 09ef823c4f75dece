import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineIntegration } from '../src/index.js';
import { fixtureIntegration } from './support/fixture-integration.js';
import { type Harness, startHarness } from './support/harness.js';

/*
 * A product's own routes with JSON schemas: Fastify's default compilers (Ajv, fast-json-stringify) are loaded at
 * the first such route rather than at start-up (http/lazy-schema-compilers.ts), and behave as Fastify's defaults:
 * the body is validated, defaults are applied, a header schema's property names match whatever their case, and
 * a response schema leaves out what it does not list.
 */

const integration = defineIntegration({
  ...fixtureIntegration,
  name: 'Schema routes',
  async routes(app) {
    app.post(
      '/product/items',
      {
        schema: {
          headers: {
            type: 'object',
            properties: { 'X-Product-Key': { type: 'string', minLength: 3 } },
            required: ['X-Product-Key'],
          },
          body: {
            type: 'object',
            properties: { name: { type: 'string', minLength: 1 }, count: { type: 'integer', default: 1 } },
            required: ['name'],
            additionalProperties: false,
          },
          response: {
            200: {
              type: 'object',
              properties: { name: { type: 'string' }, count: { type: 'integer' } },
            },
          },
        },
      },
      async (request) => ({ ...(request.body as object), internal: 'not listed in the response schema' }),
    );
  },
});

describe("a product's routes with JSON schemas", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ integration });
  });
  afterAll(async () => {
    await h.close();
  });

  const post = (body: unknown, headers: Record<string, string> = { 'x-product-key': 'abc' }) =>
    fetch(`${h.url}/product/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('answers a valid request through the response schema, with the default applied', async () => {
    const response = await post({ name: 'lamp' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'lamp', count: 1 });
  });

  it('refuses a body the schema refuses with a 400', async () => {
    expect((await post({ name: '' })).status).toBe(400);
    expect((await post({ name: 'lamp', count: 'many' })).status).toBe(400);
  });

  it('matches the header schema whatever the case of its property names', async () => {
    expect((await post({ name: 'lamp' }, { 'X-PRODUCT-KEY': 'abc' })).status).toBe(200);
    expect((await post({ name: 'lamp' }, {})).status).toBe(400);
    expect((await post({ name: 'lamp' }, { 'x-product-key': 'a' })).status).toBe(400);
  });
});
