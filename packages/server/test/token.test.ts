import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, type Harness, REDIRECT_URI, startHarness } from './support/harness.js';
import { allowConnection, clientFields, connect, tokenRequest, unfurl } from './support/oauth-flow.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const ITEM = 'https://fixture.test/items/7';

async function newCode(user = 'alice'): Promise<string> {
  const { location } = await allowConnection(h, { user });
  return location.searchParams.get('code')!;
}

function exchange(code: string, extra: Record<string, string> = {}) {
  return tokenRequest(h, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    ...clientFields,
    ...extra,
  });
}

describe('POST /notion/token: authorization_code', () => {
  it('issues a bearer access token, a refresh token and expires_in, with no-store headers', async () => {
    const answer = await exchange(await newCode());
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, scope: 'unfurl' });
    expect(answer.body.access_token).toMatch(/^ufk_at_[\w-]{43}$/);
    expect(answer.body.refresh_token).toMatch(/^ufk_rt_[\w-]{43}$/);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('pragma')).toBe('no-cache');
    expect((await unfurl(h, ITEM, answer.body.access_token as string)).status).toBe(200);
  });

  it('accepts client_secret_basic', async () => {
    const code = await newCode();
    const answer = await tokenRequest(
      h,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI },
      { basic: { id: CLIENT_ID, secret: CLIENT_SECRET } },
    );
    expect(answer.status).toBe(200);
  });

  it('accepts both methods when they agree, refuses them when they disagree', async () => {
    const basic = { id: CLIENT_ID, secret: CLIENT_SECRET };
    const agree = await tokenRequest(
      h,
      {
        grant_type: 'authorization_code',
        code: await newCode(),
        redirect_uri: REDIRECT_URI,
        ...clientFields,
      },
      { basic },
    );
    expect(agree.status).toBe(200);
    const disagree = await tokenRequest(
      h,
      {
        grant_type: 'authorization_code',
        code: await newCode(),
        redirect_uri: REDIRECT_URI,
        client_id: CLIENT_ID,
        client_secret: 'other',
      },
      { basic },
    );
    expect(disagree.status).toBe(400);
    expect(disagree.body.error).toBe('invalid_request');
  });

  it('answers a wrong secret with 401 invalid_client (post)', async () => {
    const answer = await exchange(await newCode(), { client_secret: 'wrong' });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_client');
    expect(answer.headers.get('www-authenticate')).toBeNull();
  });

  it('answers a wrong secret with 401 invalid_client and a Basic challenge (basic)', async () => {
    const answer = await tokenRequest(
      h,
      { grant_type: 'authorization_code', code: await newCode(), redirect_uri: REDIRECT_URI },
      { basic: { id: CLIENT_ID, secret: 'wrong' } },
    );
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_client');
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('challenges a malformed Authorization header with Basic too', async () => {
    const response = await fetch(`${h.url}/notion/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic !!not-base64!!' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'x',
        redirect_uri: REDIRECT_URI,
      }).toString(),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_client');
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  });

  it('answers an unknown client with 401 invalid_client', async () => {
    const answer = await exchange(await newCode(), { client_id: 'nobody' });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_client');
  });

  it('treats a replayed code as theft: invalid_grant, and the tokens issued from it are revoked', async () => {
    const code = await newCode();
    const first = await exchange(code);
    expect(first.status).toBe(200);
    const replay = await exchange(code);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect((await unfurl(h, ITEM, first.body.access_token as string)).status).toBe(401);
    const refresh = await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token as string,
      ...clientFields,
    });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('refuses a code after 10 minutes', async () => {
    const code = await newCode();
    h.clock.advance(10 * 60 * 1000);
    const answer = await exchange(code);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_grant' });
    expect(String(answer.body.error_description)).toContain('expired');
  });

  it('accepts a code just before it expires', async () => {
    const code = await newCode();
    h.clock.advance(10 * 60 * 1000 - 1);
    expect((await exchange(code)).status).toBe(200);
  });

  it('binds the code to its redirect_uri: another one is invalid_grant and burns the code', async () => {
    const code = await newCode();
    const wrong = await exchange(code, { redirect_uri: 'https://notion.so/externalIntegrationAuthCallback' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    expect((await exchange(code)).body.error).toBe('invalid_grant');
  });

  it('refuses an unknown code with invalid_grant', async () => {
    const answer = await exchange('ufk_code_made-up');
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_grant');
  });
});

describe('POST /notion/token: other grants and malformed requests', () => {
  it.each(['password', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code', 'implicit'])(
    'answers grant_type=%s with unsupported_grant_type',
    async (grantType) => {
      const answer = await tokenRequest(h, { grant_type: grantType, ...clientFields });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('unsupported_grant_type');
    },
  );

  it('answers a missing grant_type, or a missing code, with invalid_request', async () => {
    expect((await tokenRequest(h, { ...clientFields })).body.error).toBe('invalid_request');
    expect((await tokenRequest(h, { grant_type: 'authorization_code', ...clientFields })).body.error).toBe(
      'invalid_request',
    );
  });

  it.each([
    ['JSON instead of a form', 'application/json', JSON.stringify({ grant_type: 'authorization_code' })],
    ['malformed JSON', 'application/json', '{"grant_type":'],
    ['an unknown media type', 'text/plain', 'grant_type=authorization_code'],
  ])('answers %s with 400 invalid_request in JSON, never 500', async (_, contentType, rawBody) => {
    const answer = await tokenRequest(h, {}, { contentType, rawBody });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_request');
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses repeated parameters', async () => {
    const code = await newCode();
    const answer = await tokenRequest(
      h,
      {},
      {
        rawBody: `grant_type=authorization_code&code=${code}&code=${code}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&client_id=${CLIENT_ID}&client_secret=${CLIENT_SECRET}`,
      },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_request');
  });
});

describe('POST /notion/token: refresh_token', () => {
  it('rotates: a new access and refresh token, the old access token still valid until expiry', async () => {
    const first = await connect(h);
    const refreshed = await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      redirect_uri: REDIRECT_URI,
      ...clientFields,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
    expect(refreshed.body.access_token).not.toBe(first.access_token);
    expect((await unfurl(h, ITEM, refreshed.body.access_token as string)).status).toBe(200);
  });

  it('treats reuse of a rotated refresh token after the grace window as theft: invalid_grant, grant revoked', async () => {
    const first = await connect(h);
    const second = await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      ...clientFields,
    });
    h.clock.advance(10_001); // REFRESH_REUSE_GRACE_SECONDS defaults to 10
    const reuse = await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      ...clientFields,
    });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');
    expect((await unfurl(h, ITEM, second.body.access_token as string)).status).toBe(401);
    const next = await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: second.body.refresh_token as string,
      ...clientFields,
    });
    expect(next.body.error).toBe('invalid_grant');
  });

  it('lets an expired access token be refreshed (the refresh token outlives it)', async () => {
    const first = await connect(h);
    h.clock.advance(3600 * 1000);
    expect((await unfurl(h, ITEM, first.access_token)).status).toBe(401);
    const refreshed = await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      ...clientFields,
    });
    expect(refreshed.status).toBe(200);
    expect((await unfurl(h, ITEM, refreshed.body.access_token as string)).status).toBe(200);
  });

  it('refuses a refresh token from a wrong client and an unknown one', async () => {
    const first = await connect(h);
    const wrong = await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      client_id: CLIENT_ID,
      client_secret: 'x',
    });
    expect(wrong.status).toBe(401);
    const unknown = await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: 'ufk_rt_unknown',
      ...clientFields,
    });
    expect(unknown.body.error).toBe('invalid_grant');
  });

  it('refuses a refresh token past REFRESH_TOKEN_TTL', async () => {
    const first = await connect(h);
    h.clock.advance(180 * 24 * 3600 * 1000);
    const answer = await tokenRequest(h, {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token!,
      ...clientFields,
    });
    expect(answer.body.error).toBe('invalid_grant');
  });
});

describe('ACCESS_TOKEN_TTL=0', () => {
  it('issues a token that never expires, with neither expires_in nor a refresh token', async () => {
    const forever = await startHarness({ config: { ACCESS_TOKEN_TTL: 0 } });
    try {
      const tokens = await connect(forever);
      expect(tokens.expires_in).toBeUndefined();
      expect(tokens.refresh_token).toBeUndefined();
      forever.clock.advance(10 * 365 * 24 * 3600 * 1000);
      expect((await unfurl(forever, ITEM, tokens.access_token)).status).toBe(200);
    } finally {
      await forever.close();
    }
  });
});

describe('brute-force limit', () => {
  it('cannot be used by a stranger who knows only the public client_id to lock Notion out', async () => {
    const limited = await startHarness({
      config: { TOKEN_FAILURE_LIMIT_PER_CLIENT: 3, TOKEN_FAILURE_LIMIT_PER_IP: 1_000 },
    });
    try {
      for (let attempt = 0; attempt < 10; attempt += 1) {
        const guess = await tokenRequest(limited, {
          grant_type: 'refresh_token',
          refresh_token: 'x',
          client_id: CLIENT_ID,
          client_secret: `guess-${attempt}`,
        });
        expect(guess.status).toBe(401);
      }
      const tokens = await connect(limited);
      expect(tokens.access_token).toMatch(/^ufk_at_/);
    } finally {
      await limited.close();
    }
  });

  it('with TRUST_PROXY=1, reads the IP the proxy saw: a client rotating X-Forwarded-For cannot escape the limit', async () => {
    const limited = await startHarness({ config: { TRUST_PROXY: '1', TOKEN_FAILURE_LIMIT_PER_IP: 3 } });
    try {
      const guess = (spoof: number) =>
        fetch(`${limited.url}/notion/token`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-forwarded-for': `10.9.9.${spoof}, 203.0.113.7`,
          },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: 'x',
            client_id: CLIENT_ID,
            client_secret: 'guess',
          }).toString(),
        });
      for (let attempt = 0; attempt < 3; attempt += 1) expect((await guess(attempt)).status).toBe(401);
      expect((await guess(99)).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('holds back the client itself after too many invalid grants with valid credentials', async () => {
    const limited = await startHarness({
      config: { TOKEN_FAILURE_LIMIT_PER_CLIENT: 3, TOKEN_FAILURE_LIMIT_PER_IP: 1_000 },
    });
    try {
      const guess = () =>
        tokenRequest(limited, {
          grant_type: 'refresh_token',
          refresh_token: 'ufk_rt_guess',
          ...clientFields,
        });
      for (let attempt = 0; attempt < 3; attempt += 1)
        expect((await guess()).body.error).toBe('invalid_grant');
      expect((await guess()).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('answers 429 with Retry-After once an IP has failed too often, and recovers after the window', async () => {
    const limited = await startHarness({ config: { TOKEN_FAILURE_LIMIT_PER_IP: 3 } });
    try {
      const guess = () =>
        tokenRequest(limited, {
          grant_type: 'authorization_code',
          code: 'ufk_code_guess',
          redirect_uri: REDIRECT_URI,
          ...clientFields,
        });
      for (let attempt = 0; attempt < 3; attempt += 1)
        expect((await guess()).body.error).toBe('invalid_grant');
      const blocked = await guess();
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      limited.clock.advance(5 * 60 * 1000);
      expect((await guess()).status).toBe(400);
    } finally {
      await limited.close();
    }
  });
});
