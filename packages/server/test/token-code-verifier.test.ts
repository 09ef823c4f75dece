import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, REDIRECT_URI, startHarness } from './support/harness.js';
import { allowConnection, clientFields, tokenRequest } from './support/oauth-flow.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

it('refuses a code_verifier nobody asked for without burning the code (RFC 9700 §2.1.1)', async () => {
  const { location } = await allowConnection(h);
  const code = location.searchParams.get('code')!;
  const fields = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, ...clientFields };
  const refused = await tokenRequest(h, { ...fields, code_verifier: 'v'.repeat(43) });
  expect(refused.status).toBe(400);
  expect(refused.body.error).toBe('invalid_grant');
  expect(refused.body.error_description).toMatch(/no code_challenge/);
  const exchanged = await tokenRequest(h, fields);
  expect(exchanged.status).toBe(200);
  expect(exchanged.body.access_token).toBeTypeOf('string');
});
