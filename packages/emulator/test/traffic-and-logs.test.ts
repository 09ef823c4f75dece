import { Writable } from 'node:stream';
import { REDACTED_LOG_PATHS, REDACTION_CENSOR } from '@unfurlkit/core/http';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { itemUri } from './fixtures/fixture-integration.js';
import { connectOverHttp, type Harness, jsonRequest, refresh, startHarness } from './support/harness.js';

/** The traffic log (both ways, secrets masked) and the pino log (no secrets at all). */
describe('traffic log and logs', () => {
  let harness: Harness;
  afterEach(() => harness.close());

  it('records every request both ways with status, timing and masked bodies; the log holds no secret', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const logger = pino(
      { level: 'debug', redact: { paths: [...REDACTED_LOG_PATHS], censor: REDACTION_CENSOR } },
      sink,
    );
    harness = await startHarness({ emulator: { logger } });
    await connectOverHttp(harness, { uri: itemUri(3) });
    await refresh(harness);
    const token = harness.fixture.notionTokens.get('fixture-user-1')!;
    await jsonRequest(`${harness.emulator.url}/v1/external/object`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'notion-version': '2022-06-28' },
      body: { uri: itemUri(3), operations: [{ path: ['error'], set: { status: 404, message: 'gone' } }] },
    });

    const { entries } = (await jsonRequest(`${harness.emulator.url}/traffic.json`)).body as {
      entries: Array<{
        kind: string;
        direction: string;
        status: number;
        durationMs: number;
        requestHeaders: Record<string, string>;
        requestBody: Record<string, unknown>;
        responseBody: Record<string, unknown>;
      }>;
    };
    expect(entries.map((e) => `${e.direction} ${e.kind} ${e.status}`)).toEqual([
      'inbound oauth-token 200',
      'outbound token 200',
      'outbound unfurl 200',
      'inbound external-object 200',
    ]);
    expect(entries.every((e) => e.durationMs >= 0)).toBe(true);
    const [exchange, tokenCall, unfurl, patch] = entries;
    expect(exchange?.requestHeaders.authorization).toBe('Basic [REDACTED]');
    expect(exchange?.requestBody).toMatchObject({
      code: '[REDACTED]',
      external_account: { key: 'fixture-user-1' },
    });
    expect(exchange?.responseBody).toMatchObject({ access_token: '[REDACTED]', token_type: 'bearer' });
    expect(tokenCall?.requestBody).toMatchObject({
      grant_type: 'authorization_code',
      code: '[REDACTED]',
      client_secret: '[REDACTED]',
      client_id: 'fixture-client',
    });
    expect(tokenCall?.responseBody).toMatchObject({ access_token: '[REDACTED]' });
    expect(unfurl?.requestHeaders.authorization).toBe('Bearer [REDACTED]');
    expect(unfurl?.requestBody).toEqual({ uri: itemUri(3) });
    expect(patch?.requestHeaders.authorization).toBe('Bearer [REDACTED]');

    const page = await fetch(`${harness.emulator.url}/traffic`);
    const html = await page.text();
    expect(html).toContain('data-testid="traffic-entry"');

    const everything = JSON.stringify(entries) + html + logged;
    const secrets = [
      token,
      'fixture-secret',
      'fixture-notion-client-secret',
      ...harness.fixture.notionTokens.values(),
    ];
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/fxat_[0-9a-f]{32}/);
    expect(everything).not.toMatch(/fxcode_[0-9a-f]{32}/);
    expect(logged).toContain('"url":"/externalIntegrationAuthCallback?state=[REDACTED]&code=[REDACTED]"');
  });
});
