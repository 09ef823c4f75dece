import { describe, expect, it } from 'vitest';
import { CODE_LIFETIME_MS } from '../runtime/lifetimes.js';
import type { Authorization } from '../store/authorization-store.js';
import { authenticateClient } from './authenticate-client.js';
import { checkAuthorizationCode } from './check-authorization-code.js';
import { MISSING_ACCOUNT_MESSAGE, readTokenRequest } from './read-token-request.js';
import { tokenAnswer } from './token-answer.js';

const expected = { clientId: 'client-id', clientSecret: 'client-secret' };
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('authenticateClient', () => {
  it('accepts the Notion client id and secret over HTTP Basic', () => {
    expect(authenticateClient(basic('client-id', 'client-secret'), expected)).toEqual({ ok: true });
  });

  it('refuses a missing or non-Basic header, and a wrong id or secret, with different messages', () => {
    for (const header of [undefined, 'Bearer x', 'Basic !!!']) {
      const outcome = authenticateClient(header, expected);
      expect(outcome.ok).toBe(false);
      expect(outcome.ok ? '' : outcome.message).toMatch(/Client authentication is missing/);
    }
    for (const header of [basic('client-id', 'wrong'), basic('wrong', 'client-secret'), basic('', '')]) {
      expect(authenticateClient(header, expected)).toEqual({
        ok: false,
        message: 'Invalid client credentials.',
      });
    }
  });
});

describe('readTokenRequest', () => {
  const account = { key: 'alice', name: 'Alice' };

  it('reads a code exchange with its redirect_uri and external_account, and a refresh grant', () => {
    expect(
      readTokenRequest(
        { grant_type: 'authorization_code', code: 'c', redirect_uri: 'https://r', external_account: account },
        false,
      ),
    ).toEqual({
      ok: true,
      request: { grant: 'authorization_code', code: 'c', redirectUri: 'https://r', account },
      warnings: [],
    });
    expect(readTokenRequest({ grant_type: 'refresh_token', refresh_token: 'r' }, true)).toEqual({
      ok: true,
      request: { grant: 'refresh_token', refreshToken: 'r' },
      warnings: [],
    });
  });

  it('tolerates a missing external_account with a warning, and refuses it when strict', () => {
    const body = { grant_type: 'authorization_code', code: 'c' };
    const tolerant = readTokenRequest(body, false);
    expect(tolerant).toMatchObject({ ok: true, request: { account: undefined } });
    expect(tolerant.ok && tolerant.warnings).toEqual([MISSING_ACCOUNT_MESSAGE]);
    expect(readTokenRequest(body, true)).toEqual({
      ok: false,
      code: 'invalid_request',
      message: MISSING_ACCOUNT_MESSAGE,
    });
  });

  it("refuses, in Notion's order and with its codes, everything else", () => {
    const refusal = (body: unknown) => {
      const reading = readTokenRequest(body, false);
      return reading.ok ? undefined : [reading.code, reading.message];
    };
    expect(refusal([])).toEqual(['invalid_request', 'The body must be a JSON object.']);
    expect(refusal(null)).toEqual(['invalid_request', 'The body must be a JSON object.']);
    expect(refusal({})).toEqual(['invalid_request', 'body.grant_type should be defined.']);
    expect(refusal({ grant_type: 'refresh_token' })?.[1]).toMatch(/^body\.refresh_token: /);
    expect(refusal({ grant_type: 'client_credentials' })).toEqual([
      'unsupported_grant_type',
      'Unsupported grant_type "client_credentials"; use "authorization_code" or "refresh_token".',
    ]);
    expect(refusal({ grant_type: 'authorization_code', external_account: account })?.[1]).toMatch(
      /^body\.code: /,
    );
  });
});

describe('checkAuthorizationCode', () => {
  const issuedAt = 1_000_000;
  const authorization: Authorization = {
    state: 's',
    code: 'c',
    person: 'ada',
    sessionId: null,
    redirectUri: 'https://integration.test/callback',
    createdAt: issuedAt,
    codeUsedAt: null,
    stateUsedAt: null,
    connectionId: null,
    integrationId: 'default',
    exchangeProblem: null,
  };

  it('accepts a known code within 10 minutes, with its redirect_uri or none', () => {
    const lastMoment = issuedAt + CODE_LIFETIME_MS;
    expect(checkAuthorizationCode(authorization, undefined, lastMoment)).toEqual({ ok: true, authorization });
    expect(checkAuthorizationCode(authorization, authorization.redirectUri, issuedAt).ok).toBe(true);
  });

  it('refuses an unknown code, an expired one, and another redirect_uri', () => {
    const message = (...args: Parameters<typeof checkAuthorizationCode>) => {
      const check = checkAuthorizationCode(...args);
      return check.ok ? undefined : check.message;
    };
    expect(message(undefined, undefined, issuedAt)).toBe('Invalid code: this code is unknown.');
    expect(message(authorization, undefined, issuedAt + CODE_LIFETIME_MS + 1)).toBe(
      'Invalid code: this code has expired (10 minutes).',
    );
    expect(message(authorization, 'https://elsewhere.test/', issuedAt)).toMatch(/^Invalid redirect_uri/);
  });
});

describe('tokenAnswer', () => {
  const grant = {
    accessToken: 'ntn_x',
    refreshToken: null,
    expiresInSeconds: null,
    botId: 'bot',
    person: 'ada',
    owner: 'user' as const,
    workspaceId: 'ws',
    requestId: 'req',
  };

  it('describes the connection with the person as its owner, and no refresh token nor expiry', () => {
    const answer = tokenAnswer(grant);
    expect(answer).toMatchObject({
      access_token: 'ntn_x',
      token_type: 'bearer',
      refresh_token: null,
      bot_id: 'bot',
      workspace_id: 'ws',
      workspace_name: 'Emulated Workspace',
      request_id: 'req',
      owner: { type: 'user', user: { name: 'Ada', person: { email: 'ada@example.com' } } },
    });
    expect(answer).not.toHaveProperty('expires_in');
  });

  it('gives the refresh token and expires_in of expiring tokens, and the workspace form of owner', () => {
    const answer = tokenAnswer({ ...grant, refreshToken: 'nrt_y', expiresInSeconds: 60, owner: 'workspace' });
    expect(answer).toMatchObject({ refresh_token: 'nrt_y', expires_in: 60 });
    expect(answer.owner).toEqual({ type: 'workspace', workspace: true });
  });

  it('falls back to the id for a person the workspace does not know', () => {
    const answer = tokenAnswer({ ...grant, person: 'zoe' });
    expect(answer.owner).toMatchObject({ user: { id: 'zoe', name: 'zoe', person: { email: '' } } });
  });
});
