import { describe, expect, it } from 'vitest';
import { envSchema } from './env-schema.js';

const REQUIRED = ['NOTION_CLIENT_ID', 'NOTION_CLIENT_SECRET', 'OAUTH_CLIENT_ID', 'OAUTH_CLIENT_SECRET'];

describe('envSchema', () => {
  it('requires exactly the four credentials; everything else has a default or is optional', () => {
    const result = envSchema.safeParse({});
    expect(result.success).toBe(false);
    const missing = result.error?.issues.map((issue) => String(issue.path[0])).sort();
    expect(missing).toEqual([...REQUIRED].sort());
  });

  it('gives every issue a message that names its variable', () => {
    const result = envSchema.safeParse({
      PORT: 'x',
      ACCESS_TOKEN_TTL: '-1',
      NOTION_TIMEOUT_MS: '1',
      TRUST_PROXY: 'maybe',
      LOG_LEVEL: 'verbose',
      OAUTH_REDIRECT_URIS: 'nope',
      PUBLIC_URL: 'nope',
    });
    expect(result.success).toBe(false);
    for (const issue of result.error?.issues ?? []) expect(issue.message).toContain(String(issue.path[0]));
  });

  it('parses lists and switches into their typed values', () => {
    const parsed = envSchema.parse({
      NOTION_CLIENT_ID: 'a',
      NOTION_CLIENT_SECRET: 'b',
      OAUTH_CLIENT_ID: 'c',
      OAUTH_CLIENT_SECRET: 'd',
      OAUTH_SCOPES: 'unfurl, read',
      OAUTH_REDIRECT_URIS: 'https://a.example/cb/ https://b.example/cb',
      TRUST_PROXY: '0',
      PORT: '8080',
    });
    expect(parsed.OAUTH_SCOPES).toEqual(['unfurl', 'read']);
    expect(parsed.OAUTH_REDIRECT_URIS).toEqual(['https://a.example/cb/', 'https://b.example/cb']);
    expect(parsed.TRUST_PROXY).toBe(false);
    expect(parsed.PORT).toBe(8080);
    expect(parsed.NOTION_CLIENT_ID).toBe('a');
  });
});
