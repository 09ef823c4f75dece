import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createOutboxSdk } from './notion-sdk.js';
import { patchExternalObject } from './patch-external-object.js';

const silent = pino({ level: 'silent' });
const body = { uri: 'https://acme.com/items/1', operations: [] };

describe('createOutboxSdk', () => {
  it('sends through an injected fetch when there is one (createServer({ fetch })), not node:http', async () => {
    const seen: string[] = [];
    const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
      seen.push(`${init?.method} ${String(url)}`);
      return new Response(null, { status: 204 });
    }) as typeof globalThis.fetch;
    const sdk = createOutboxSdk({ apiUrl: 'http://notion.invalid', timeoutMs: 1_000, logger: silent, fetch });
    expect(await patchExternalObject(sdk, 't', body, Date.now)).toEqual({ kind: 'delivered', status: 200 });
    expect(seen).toEqual(['PATCH http://notion.invalid/v1/external/object']);
  });

  it('reads an injected fetch error answer as Notion’s (status and Retry-After)', async () => {
    const fetch = (async () =>
      new Response(JSON.stringify({ object: 'error', status: 429, code: 'rate_limited', message: 'slow' }), {
        status: 429,
        headers: { 'retry-after': '2', 'content-type': 'application/json' },
      })) as typeof globalThis.fetch;
    const sdk = createOutboxSdk({ apiUrl: 'http://notion.invalid', timeoutMs: 1_000, logger: silent, fetch });
    expect(await patchExternalObject(sdk, 't', body, () => 0)).toEqual({
      kind: 'rate-limited',
      status: 429,
      retryAfterMs: 2_000,
    });
  });
});
