import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../../../config/load-config.js';
import { loadConfig } from '../../../config/load-config.js';
import type { ServerContext } from '../../../context/server-context.js';
import { AUTHORIZE_CHECKS, runAuthorizeChecks } from './authorize-check.js';
import type { AuthorizeParams } from './authorize-params.js';
import { checkClientId } from './check-client-id.js';
import { checkNotionCode } from './check-notion-code.js';
import { checkRedirectUri } from './check-redirect-uri.js';
import { checkResponseType } from './check-response-type.js';
import { checkScope, scopeList } from './check-scope.js';
import { checkSingleParameters } from './check-single-parameters.js';
import { checkState } from './check-state.js';

const REDIRECT_URI = 'https://www.notion.so/externalIntegrationAuthCallback';
const cwd = mkdtempSync(join(tmpdir(), 'unfurlkit-checks-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** The checks read only `config`; the rest of the context is not needed. */
function contextWith(overrides: ConfigInput = {}): ServerContext {
  const config = loadConfig({
    env: {},
    cwd,
    overrides: {
      NOTION_CLIENT_ID: 'notion-id',
      NOTION_CLIENT_SECRET: 'notion-secret',
      OAUTH_CLIENT_ID: 'notion-link-previews',
      OAUTH_CLIENT_SECRET: 'our-client-secret-0123456789abcdef0123456789',
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      OAUTH_SCOPES: 'unfurl read',
      ...overrides,
    },
  });
  return { config } as ServerContext;
}
const context = contextWith();

const good: AuthorizeParams = {
  clientId: 'notion-link-previews',
  redirectUri: REDIRECT_URI,
  responseType: 'code',
  scope: 'unfurl',
  state: 'opaque-state_123',
  notionCode: '2d9e0a8c-6f0b-4b8e-9a55-0c1f0e1d2c3b',
  repeated: [],
};
const run = (changes: Partial<AuthorizeParams>, ctx = context) =>
  runAuthorizeChecks({ ...good, ...changes }, ctx);

describe('runAuthorizeChecks', () => {
  it('passes a good request', () => {
    expect(run({})).toBeUndefined();
  });

  it('runs client_id, then redirect_uri, before every rule that would redirect', () => {
    expect(AUTHORIZE_CHECKS.slice(0, 2)).toEqual([checkClientId, checkRedirectUri]);
    expect(AUTHORIZE_CHECKS).toEqual([
      checkClientId,
      checkRedirectUri,
      checkSingleParameters,
      checkResponseType,
      checkScope,
      checkState,
      checkNotionCode,
    ]);
  });

  it('reports a bad client_id over everything else, as a page', () => {
    const failure = run({
      clientId: 'stranger',
      redirectUri: 'https://evil.example/cb',
      responseType: 'token',
      scope: 'admin',
    });
    expect(failure).toMatchObject({ kind: 'page', status: 400, message: expect.stringMatching(/client_id/) });
  });

  it('reports a bad redirect_uri over a bad response_type, as a page', () => {
    const failure = run({ redirectUri: 'https://evil.example/cb', responseType: 'token' });
    expect(failure).toMatchObject({
      kind: 'page',
      status: 400,
      message: expect.stringMatching(/redirect_uri/),
    });
  });

  it('reports a bad response_type over a bad scope', () => {
    expect(run({ responseType: 'token', scope: 'admin' })).toMatchObject({
      kind: 'redirect',
      error: 'unsupported_response_type',
    });
  });

  it('reports a repeated parameter before the rest', () => {
    expect(run({ repeated: ['scope'], responseType: 'token' })).toEqual({
      kind: 'redirect',
      error: 'invalid_request',
      description: 'parameter given more than once: scope',
    });
  });
});

describe('checkClientId', () => {
  it('shows a page for a missing, repeated or unknown client_id', () => {
    expect(run({ clientId: undefined })).toMatchObject({
      kind: 'page',
      message: expect.stringMatching(/no client_id/),
    });
    expect(run({ clientId: undefined, repeated: ['client_id'] })).toMatchObject({ kind: 'page' });
    expect(run({ repeated: ['client_id'] })).toMatchObject({
      kind: 'page',
      message: expect.stringMatching(/more than one/),
    });
    expect(run({ clientId: 'notion-link-preview' })).toMatchObject({
      kind: 'page',
      message: expect.stringMatching(/not one this service knows/),
    });
    expect(run({ clientId: 'NOTION-LINK-PREVIEWS' })).toMatchObject({ kind: 'page' });
  });
});

describe('checkRedirectUri', () => {
  it('accepts each of the four default spellings of Notion callback', () => {
    for (const redirectUri of context.config.oauth.redirectUris) expect(run({ redirectUri })).toBeUndefined();
  });

  it('shows a page, never a redirect, for anything but an exact match', () => {
    for (const redirectUri of [
      undefined,
      `${REDIRECT_URI}/`,
      `${REDIRECT_URI}?x=1`,
      `${REDIRECT_URI}#x`,
      'https://www.notion.so/EXTERNALINTEGRATIONAUTHCALLBACK',
      'http://www.notion.so/externalIntegrationAuthCallback',
      'https://www.notion.so.evil.example/externalIntegrationAuthCallback',
      'https://evil.example/?https://www.notion.so/externalIntegrationAuthCallback',
    ]) {
      expect(run({ redirectUri })).toMatchObject({ kind: 'page', status: 400 });
    }
    expect(run({ repeated: ['redirect_uri'] })).toMatchObject({ kind: 'page' });
  });

  it('follows the configured allow-list, trailing slash included', () => {
    const ctx = contextWith({ OAUTH_REDIRECT_URIS: 'https://notion.test/callback/' });
    expect(run({ redirectUri: 'https://notion.test/callback/' }, ctx)).toBeUndefined();
    expect(run({ redirectUri: 'https://notion.test/callback' }, ctx)).toMatchObject({ kind: 'page' });
    expect(run({ redirectUri: REDIRECT_URI }, ctx)).toMatchObject({ kind: 'page' });
  });
});

describe('checkResponseType', () => {
  it('redirects invalid_request when it is missing, unsupported_response_type when it is not "code"', () => {
    expect(run({ responseType: undefined })).toMatchObject({ kind: 'redirect', error: 'invalid_request' });
    for (const responseType of ['token', 'Code', 'code token', 'code ']) {
      expect(run({ responseType })).toMatchObject({ kind: 'redirect', error: 'unsupported_response_type' });
    }
  });
});

describe('checkScope', () => {
  it('accepts no scope, and registered scopes separated by spaces or commas', () => {
    expect(run({ scope: undefined })).toBeUndefined();
    expect(run({ scope: 'unfurl read' })).toBeUndefined();
    expect(run({ scope: 'read,unfurl' })).toBeUndefined();
  });

  it('redirects invalid_scope naming the unknown scopes and the allowed ones', () => {
    expect(run({ scope: 'unfurl admin write' })).toEqual({
      kind: 'redirect',
      error: 'invalid_scope',
      description: 'unknown scope admin write; allowed: unfurl read',
    });
  });

  it('refuses every scope when none is registered', () => {
    const ctx = contextWith({ OAUTH_SCOPES: undefined });
    expect(run({ scope: undefined }, ctx)).toBeUndefined();
    expect(run({ scope: 'unfurl' }, ctx)).toMatchObject({
      error: 'invalid_scope',
      description: expect.stringMatching(/allowed: none$/),
    });
  });

  it('splits scope strings', () => {
    expect(scopeList(' unfurl  read,write ')).toEqual(['unfurl', 'read', 'write']);
    expect(scopeList(null)).toEqual([]);
    expect(scopeList(undefined)).toEqual([]);
  });
});

describe('checkState', () => {
  it('accepts no state, and printable ASCII up to 2,000 characters', () => {
    expect(run({ state: undefined })).toBeUndefined();
    expect(run({ state: ' !"#$%&\'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~' })).toBeUndefined();
    expect(run({ state: 'x'.repeat(2_000) })).toBeUndefined();
  });

  it('redirects invalid_request for a longer state or one with other characters', () => {
    for (const state of ['x'.repeat(2_001), 'tab\there', 'nul\u0000', 'caf\u00e9', 'line\nbreak', '\u007f']) {
      expect(run({ state })).toMatchObject({ kind: 'redirect', error: 'invalid_request' });
    }
  });
});

describe('checkNotionCode', () => {
  it("redirects invalid_request when Notion's code is missing or longer than 512 characters", () => {
    expect(run({ notionCode: undefined })).toMatchObject({
      kind: 'redirect',
      error: 'invalid_request',
      description: expect.stringMatching(/missing/),
    });
    expect(run({ notionCode: 'c'.repeat(513) })).toMatchObject({
      kind: 'redirect',
      description: expect.stringMatching(/too long/),
    });
    expect(run({ notionCode: 'c'.repeat(512) })).toBeUndefined();
  });
});
