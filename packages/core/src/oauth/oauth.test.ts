import { describe, expect, it } from 'vitest';
import {
  AUTHORIZE_ERROR_CODES,
  AUTHORIZE_ERROR_TEXT,
  OAUTH_ERROR_STATUS,
  oauthErrorBody,
} from './oauth-errors.js';
import { DEFAULT_NOTION_REDIRECT_URIS, isAllowedRedirectUri } from './redirect-uris.js';
import { SUPPORTED_GRANT_TYPES, tokenErrorSchema, tokenSuccessSchema } from './token-endpoint.js';

describe('redirect-uri allow-list (SPEC §2)', () => {
  it('holds the four spellings of Notion’s callback', () => {
    expect([...DEFAULT_NOTION_REDIRECT_URIS].sort()).toEqual([
      'https://notion.so/externalIntegrationAuthCallback',
      'https://notion.so/externalintegrationauthcallback',
      'https://www.notion.so/externalIntegrationAuthCallback',
      'https://www.notion.so/externalintegrationauthcallback',
    ]);
    for (const uri of DEFAULT_NOTION_REDIRECT_URIS)
      expect(isAllowedRedirectUri(DEFAULT_NOTION_REDIRECT_URIS, uri)).toBe(true);
  });

  it.each([
    'https://notion.so/externalIntegrationAuthCallback/',
    'https://notion.so/externalIntegrationAuthCallback?x=1',
    'https://notion.so/externalIntegrationAuthCallback#x',
    'http://notion.so/externalIntegrationAuthCallback',
    'https://NOTION.so/externalIntegrationAuthCallback',
    'https://notion.so/EXTERNALINTEGRATIONAUTHCALLBACK',
    'https://notion.so.evil.com/externalIntegrationAuthCallback',
    'https://evil.com/?https://notion.so/externalIntegrationAuthCallback',
    ' https://notion.so/externalIntegrationAuthCallback',
    'https://notion.so/externalIntegrationAuthCallback ',
    'https://notion.so:443/externalIntegrationAuthCallback',
    '',
  ])('refuses %j (exact match only)', (uri) => {
    expect(isAllowedRedirectUri(DEFAULT_NOTION_REDIRECT_URIS, uri)).toBe(false);
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, ['https://notion.so/externalIntegrationAuthCallback'], 1]) {
      expect(isAllowedRedirectUri(DEFAULT_NOTION_REDIRECT_URIS, value)).toBe(false);
    }
  });

  it('uses the list it is given', () => {
    expect(isAllowedRedirectUri(['http://localhost:4000/cb'], 'http://localhost:4000/cb')).toBe(true);
    expect(isAllowedRedirectUri([], 'https://notion.so/externalIntegrationAuthCallback')).toBe(false);
  });
});

describe('OAuth errors (RFC 6749)', () => {
  it('answers the token endpoint errors of §5.2 with their statuses', () => {
    expect(OAUTH_ERROR_STATUS).toMatchObject({
      invalid_request: 400,
      invalid_client: 401,
      invalid_grant: 400,
      unauthorized_client: 400,
      unsupported_grant_type: 400,
      invalid_scope: 400,
      invalid_token: 401,
    });
  });

  it('builds the §5.2 body, with the description only when given', () => {
    expect(oauthErrorBody('invalid_grant')).toEqual({ error: 'invalid_grant' });
    expect(oauthErrorBody('invalid_grant', 'the code was already used')).toEqual({
      error: 'invalid_grant',
      error_description: 'the code was already used',
    });
    expect(tokenErrorSchema.safeParse(oauthErrorBody('invalid_client', 'x')).success).toBe(true);
  });

  it('lists the §4.1.2.1 codes, each with a text Notion shows', () => {
    expect([...AUTHORIZE_ERROR_CODES].sort()).toEqual([
      'access_denied',
      'invalid_request',
      'invalid_scope',
      'server_error',
      'temporarily_unavailable',
      'unauthorized_client',
      'unsupported_response_type',
    ]);
    for (const code of AUTHORIZE_ERROR_CODES) expect(AUTHORIZE_ERROR_TEXT[code].length).toBeGreaterThan(10);
  });
});

describe('token endpoint shapes (SPEC §2 steps 6–7)', () => {
  it('accepts a bearer token answer, with optional refresh token and lifetime', () => {
    expect(tokenSuccessSchema.safeParse({ access_token: 'a', token_type: 'bearer' }).success).toBe(true);
    expect(
      tokenSuccessSchema.safeParse({
        access_token: 'a',
        token_type: 'Bearer',
        refresh_token: 'r',
        expires_in: 3600,
      }).success,
    ).toBe(true);
  });

  it.each([
    { access_token: 'a', token_type: 'mac' },
    { access_token: '', token_type: 'bearer' },
    { token_type: 'bearer' },
    { access_token: 'a', token_type: 'bearer', expires_in: 0 },
    { access_token: 'a', token_type: 'bearer', expires_in: 1.5 },
    { access_token: 'a', token_type: 'bearer', refresh_token: '' },
  ])('refuses %j', (body) => {
    expect(tokenSuccessSchema.safeParse(body).success).toBe(false);
  });

  it('serves exactly the authorization_code and refresh_token grants', () => {
    expect([...SUPPORTED_GRANT_TYPES].sort()).toEqual(['authorization_code', 'refresh_token']);
  });
});
