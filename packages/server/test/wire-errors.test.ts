import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';

const CHANGES_TOKEN = 'changes-token-0123456789abcdef0123456789';
const METRICS_TOKEN = 'metrics-token-0123456789';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({
    config: { UPDATES_ENABLED: 'false', CHANGES_API_TOKEN: CHANGES_TOKEN, METRICS_TOKEN },
  });
});
afterEach(async () => {
  await h.close();
});

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${h.url}${path}`, init);
  return { response, body: (await response.json()) as Record<string, unknown> };
}

describe('every error answer has one shape: {error, error_description?, request_id}', () => {
  it('at the token endpoint, the bearer-protected resources, the operator routes and the root', async () => {
    const json = { 'content-type': 'application/json' };
    const answers = {
      notFound: await call('/no/such/path?code=secret'),
      tokenGrant: await call('/notion/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=password',
      }),
      tokenMediaType: await call('/notion/token', { method: 'POST', headers: json, body: '{}' }),
      unfurlNoToken: await call('/unfurl', { method: 'POST', headers: json, body: '{"uri":"x"}' }),
      unfurlBadToken: await call('/unfurl', {
        method: 'POST',
        headers: { ...json, authorization: 'Bearer ufk_at_unknown' },
        body: '{"uri":"x"}',
      }),
      deletionNoToken: await call('/notion/deletion', { method: 'DELETE' }),
      deletionTooLarge: await call('/notion/deletion', {
        method: 'DELETE',
        headers: { authorization: 'Bearer ufk_at_unknown', 'content-type': 'application/json' },
        body: 'x'.repeat(70 * 1024),
      }),
      changesNoToken: await call('/unfurlkit/changes', { method: 'POST', headers: json, body: '{}' }),
      metricsWrongToken: await call('/metrics', { headers: { authorization: 'Bearer wrong' } }),
    };
    for (const [name, { response, body }] of Object.entries(answers)) {
      expect(response.status, name).toBeGreaterThanOrEqual(400);
      expect(Object.keys(body).sort(), name).toEqual(
        'error_description' in body ? ['error', 'error_description', 'request_id'] : ['error', 'request_id'],
      );
      expect(body.request_id, name).toBe(response.headers.get('x-request-id'));
    }
    expect(answers.notFound.response.status).toBe(404);
    expect(answers.notFound.body).toMatchObject({
      error: 'not_found',
      error_description: 'no route GET /no/such/path',
    });
    expect(answers.tokenGrant.body.error).toBe('unsupported_grant_type');
    expect(answers.tokenGrant.response.headers.get('cache-control')).toBe('no-store');
    expect(answers.tokenMediaType.response.status).toBe(400);
    expect(answers.tokenMediaType.response.headers.get('cache-control')).toBe('no-store');
    expect(answers.unfurlNoToken.response.headers.get('www-authenticate')).toBe('Bearer realm="unfurlkit"');
    expect(answers.unfurlBadToken.body.error).toBe('invalid_token');
    expect(answers.deletionNoToken.response.status).toBe(401);
    expect(answers.deletionTooLarge.response.status).toBe(413);
    expect(answers.changesNoToken.body.error).toBe('invalid_request');
    expect(answers.metricsWrongToken.response.headers.get('www-authenticate')).toBe(
      'Bearer realm="metrics", error="invalid_token"',
    );
    expect(answers.metricsWrongToken.body.error).toBe('invalid_token');
  });
});
