import { AUTHORIZE_ERROR_TEXT } from '@unfurlkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemUri } from '../fixtures/fixture-integration.js';
import { connectOverHttp, type Harness, jsonRequest, startHarness } from '../support/harness.js';

/** `/externalIntegrationAuthCallback`: state checks and OAuth errors shown as Notion does (SPEC §2 step 3). */
describe('the OAuth callback', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(() => harness.close());

  async function startState(): Promise<string> {
    const started = await jsonRequest(`${harness.emulator.url}/api/connect`, {
      method: 'POST',
      body: { person: 'ada' },
    });
    return new URL((started.body as { authorizeUrl: string }).authorizeUrl).searchParams.get('state')!;
  }

  async function callback(query: Record<string, string>): Promise<{ status: number; text: string }> {
    const response = await fetch(
      `${harness.emulator.url}/externalIntegrationAuthCallback?${new URLSearchParams(query)}`,
      { redirect: 'manual' },
    );
    return { status: response.status, text: await response.text() };
  }

  const authError = (text: string) => /data-testid="auth-error"[^>]*>([^<]*)</.exec(text)?.[1];

  it('shows the standard text for access_denied (the Deny button)', async () => {
    const { callbackStatus, callbackBody } = await connectOverHttp(harness, {
      uri: itemUri(1),
      decision: 'deny',
    });
    expect(callbackStatus).toBe(400);
    expect(authError(callbackBody)).toBe(AUTHORIZE_ERROR_TEXT.access_denied.replace(/'/g, '&#39;'));
    expect(callbackBody).toContain('href="/"');
  });

  it('shows the standard text of other known codes, the description of unknown ones, else "unknown error"', async () => {
    expect(
      authError((await callback({ state: await startState(), error: 'temporarily_unavailable' })).text),
    ).toBe(AUTHORIZE_ERROR_TEXT.temporarily_unavailable);
    expect(
      authError(
        (
          await callback({
            state: await startState(),
            error: 'weird_code',
            error_description: 'The <b>moon</b> is down',
          })
        ).text,
      ),
    ).toBe('The &lt;b&gt;moon&lt;/b&gt; is down');
    expect(authError((await callback({ state: await startState(), error: 'weird_code' })).text)).toBe(
      'unknown error',
    );
  });

  it('refuses an unknown, reused or missing state', async () => {
    expect(authError((await callback({ state: 'forged', code: 'x' })).text)).toMatch(/state does not match/);
    expect(authError((await callback({ code: 'x' })).text)).toMatch(/state does not match/);
    const state = await startState();
    await callback({ state, error: 'access_denied' });
    expect(authError((await callback({ state, code: 'x' })).text)).toMatch(/expired or was already used/);
  });

  it('answers a repeated state or code with a 400 page, not a 500, and leaves the attempt usable', async () => {
    const state = await startState();
    for (const query of [`state=${state}&state=other&code=x`, `state=${state}&code=x&code=y`]) {
      const response = await fetch(`${harness.emulator.url}/externalIntegrationAuthCallback?${query}`, {
        redirect: 'manual',
      });
      expect(response.status).toBe(400);
      const text = await response.text();
      expect(authError(text)).toMatch(/malformed callback/);
      expect(text).toMatch(/Repeated parameter: (state|code)/);
    }
    expect(authError((await callback({ state, error: 'access_denied' })).text)).toBe(
      AUTHORIZE_ERROR_TEXT.access_denied.replace(/'/g, '&#39;'),
    );
  });

  it('says what the Token URL answered when the exchange fails', async () => {
    const result = await callback({ state: await startState(), code: 'not-a-code-the-fixture-issued' });
    expect(result.status).toBe(400);
    expect(result.text).toContain('invalid_grant');
  });
});
