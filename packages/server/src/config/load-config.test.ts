import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_NOTION_REDIRECT_URIS, isUnfurlkitError, type UnfurlkitError } from '@unfurlkit/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PATHS } from './config.js';
import { type ConfigInput, type LoadConfigOptions, loadConfig } from './load-config.js';

const REQUIRED = {
  NOTION_CLIENT_ID: 'notion-client-id',
  NOTION_CLIENT_SECRET: 'notion-client-secret',
  OAUTH_CLIENT_ID: 'notion-link-previews',
  OAUTH_CLIENT_SECRET: 'our-client-secret-0123456789abcdef0123456789',
};
const KEY = randomBytes(32).toString('base64');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'unfurlkit-config-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

/** Overrides as a person might write them, wrong values included (the type would refuse some of them). */
type LooseOverrides = Record<string, string | number | boolean | undefined>;

const withRequired = (overrides: LooseOverrides) =>
  ({ ...REQUIRED, TOKEN_ENCRYPTION_KEY: KEY, ...overrides }) as ConfigInput;

/** A configuration from `overrides` alone (no process.env), resolved in the temporary folder. */
function load(overrides: LooseOverrides = {}, options: Omit<LoadConfigOptions, 'overrides'> = {}) {
  return loadConfig({ env: {}, cwd: dir, ...options, overrides: withRequired(overrides) });
}

/** The error loadConfig throws: it must be UNFURLKIT_CONFIG_INVALID, carrying the list of problems. */
function refusal(options: LoadConfigOptions): { error: UnfurlkitError; problems: string[] } {
  try {
    loadConfig({ env: {}, cwd: dir, ...options });
  } catch (error) {
    if (isUnfurlkitError(error, 'UNFURLKIT_CONFIG_INVALID')) {
      return { error, problems: error.details.problems as string[] };
    }
    throw error;
  }
  throw new Error('expected loadConfig to refuse the configuration');
}

const refused = (overrides: LooseOverrides) => refusal({ overrides: withRequired(overrides) });

describe('loadConfig defaults', () => {
  it('fills every optional value with its documented default', () => {
    const config = load();
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:3000',
      databaseUrl: 'sqlite:./data/unfurlkit.db',
      production: false,
      logLevel: 'info',
      notion: {
        apiUrl: 'https://api.notion.com',
        clientId: 'notion-client-id',
        clientSecret: 'notion-client-secret',
        timeoutMs: 10_000,
      },
      oauth: {
        clientId: 'notion-link-previews',
        clientSecret: REQUIRED.OAUTH_CLIENT_SECRET,
        scopes: [],
        accessTokenTtl: 3600,
        refreshTokenTtl: 180 * 24 * 3600,
        codeTtl: 600,
      },
      generatedKeyPath: null,
      resolverTimeoutMs: 10_000,
      tokenFailureLimit: { perIp: 30, perClient: 300, windowSeconds: 300 },
      authorizeRateLimitPerMinute: 120,
      trustProxy: false,
      paths: DEFAULT_PATHS,
    });
    expect(config.oauth.redirectUris).toEqual([
      'https://www.notion.so/externalIntegrationAuthCallback',
      'https://notion.so/externalIntegrationAuthCallback',
      'https://www.notion.so/externalintegrationauthcallback',
      'https://notion.so/externalintegrationauthcallback',
    ]);
    expect(config.oauth.redirectUris).toEqual(DEFAULT_NOTION_REDIRECT_URIS);
    expect(config.tokenEncryptionKeys).toHaveLength(1);
    expect(config.tokenEncryptionKeys[0]?.key.equals(Buffer.from(KEY, 'base64'))).toBe(true);
  });

  it('reads process.env when no env is given, and ignores it when one is', () => {
    for (const [name, value] of Object.entries(REQUIRED)) vi.stubEnv(name, value);
    vi.stubEnv('TOKEN_ENCRYPTION_KEY', KEY);
    vi.stubEnv('PORT', '4321');
    expect(loadConfig({ cwd: dir }).port).toBe(4321);
    expect(load().port).toBe(3000);
  });

  it('treats an empty variable as unset', () => {
    expect(load({ PORT: '', LOG_LEVEL: '' })).toMatchObject({ port: 3000, logLevel: 'info' });
  });
});

describe('loadConfig required variables', () => {
  it('reports every missing variable at once, each with a sentence naming it and what to set', () => {
    const { error, problems } = refusal({ overrides: { TOKEN_ENCRYPTION_KEY: KEY } });
    expect(problems).toHaveLength(4);
    for (const name of Object.keys(REQUIRED)) {
      expect(problems.some((problem) => problem.startsWith(`${name} is missing: set it to`))).toBe(true);
      expect(error.message).toContain(`${name} is missing: set it to`);
    }
    expect(error.message.split('\n')[0]).toBe('The configuration cannot work:');
  });

  it('counts a value of spaces as missing', () => {
    const { problems } = refused({ OAUTH_CLIENT_ID: '   ' });
    expect(problems).toEqual([expect.stringMatching(/^OAUTH_CLIENT_ID is missing: /)]);
  });

  it('reports problems of different variables together', () => {
    const { problems } = refusal({
      overrides: { ...REQUIRED, OAUTH_CLIENT_ID: undefined, PORT: 'x', ACCESS_TOKEN_TTL: '-5' },
    });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/OAUTH_CLIENT_ID is missing/);
    expect(problems.join('\n')).toMatch(/PORT must be/);
    expect(problems.join('\n')).toMatch(/ACCESS_TOKEN_TTL cannot be negative/);
  });
});

describe('loadConfig numbers', () => {
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['ACCESS_TOKEN_TTL', 'an hour'],
    ['ACCESS_TOKEN_TTL', '1.5'],
    ['REFRESH_TOKEN_TTL', 'forever'],
    ['NOTION_TIMEOUT_MS', 'ten'],
    ['NOTION_TIMEOUT_MS', '50'],
    ['RESOLVER_TIMEOUT_MS', '0'],
    ['TOKEN_FAILURE_LIMIT_PER_IP', '0'],
    ['TOKEN_FAILURE_LIMIT_PER_CLIENT', 'many'],
    ['AUTHORIZE_RATE_LIMIT', '2.5'],
  ])('refuses %s=%s with a sentence that starts with the variable', (name, value) => {
    const { problems } = refused({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} (must|cannot)`));
  });

  it('refuses a negative lifetime with its own sentence', () => {
    expect(refused({ ACCESS_TOKEN_TTL: '-1' }).problems).toEqual(['ACCESS_TOKEN_TTL cannot be negative']);
  });

  it('reads BEARER_CACHE_MS: 1000 by default, 0 turns the cache off, never above one second', () => {
    expect(load().bearerCacheMs).toBe(1000);
    expect(load({ BEARER_CACHE_MS: '0' }).bearerCacheMs).toBe(0);
    expect(load({ BEARER_CACHE_MS: '250' }).bearerCacheMs).toBe(250);
    expect(refused({ BEARER_CACHE_MS: '1001' }).problems).toEqual(['BEARER_CACHE_MS must be at most 1000']);
    expect(refused({ BEARER_CACHE_MS: '-1' }).problems).toEqual(['BEARER_CACHE_MS must be at least 0']);
  });

  it('accepts numbers given as strings or numbers, and 0 where it means "never" or "any port"', () => {
    const config = load({ PORT: 0, ACCESS_TOKEN_TTL: '0', REFRESH_TOKEN_TTL: 0, NOTION_TIMEOUT_MS: '2500' });
    expect(config).toMatchObject({ port: 0, notion: { timeoutMs: 2500 } });
    expect(config.oauth).toMatchObject({ accessTokenTtl: 0, refreshTokenTtl: 0 });
  });
});

describe('loadConfig URLs, lists and switches', () => {
  it('reads OAUTH_REDIRECT_URIS separated by commas and/or spaces, keeping each entry exactly', () => {
    const config = load({
      OAUTH_REDIRECT_URIS:
        ' https://a.example/cb,https://b.example/cb/ ,\n https://c.example/x?y=1  https://d.example',
    });
    expect(config.oauth.redirectUris).toEqual([
      'https://a.example/cb',
      'https://b.example/cb/',
      'https://c.example/x?y=1',
      'https://d.example',
    ]);
  });

  it('refuses a redirect URI entry that is not an absolute http(s) URL, naming it', () => {
    for (const entry of ['notaurl', '/relative/cb', 'ftp://files.example/cb', 'javascript:alert(1)']) {
      const { problems } = refused({ OAUTH_REDIRECT_URIS: `https://ok.example/cb, ${entry}` });
      expect(problems).toEqual([`OAUTH_REDIRECT_URIS entry "${entry}" must be an absolute http(s) URL`]);
    }
  });

  it('refuses an OAUTH_REDIRECT_URIS made only of separators', () => {
    expect(refused({ OAUTH_REDIRECT_URIS: ' , ,' }).problems).toEqual([
      'OAUTH_REDIRECT_URIS cannot be empty',
    ]);
  });

  it('reads OAUTH_SCOPES as a space or comma separated list', () => {
    expect(load({ OAUTH_SCOPES: 'unfurl' }).oauth.scopes).toEqual(['unfurl']);
    expect(load({ OAUTH_SCOPES: 'unfurl read' }).oauth.scopes).toEqual(['unfurl', 'read']);
    expect(load({ OAUTH_SCOPES: ' unfurl,,read , write ' }).oauth.scopes).toEqual([
      'unfurl',
      'read',
      'write',
    ]);
  });

  it('drops trailing slashes of base URLs, and refuses ones that are not http(s)', () => {
    const config = load({
      PUBLIC_URL: 'https://links.acme.example/',
      NOTION_API_URL: 'http://127.0.0.1:9//',
    });
    expect(config.publicUrl).toBe('https://links.acme.example');
    expect(config.notion.apiUrl).toBe('http://127.0.0.1:9');
    expect(refused({ PUBLIC_URL: 'links.acme.example' }).problems).toEqual([
      'PUBLIC_URL must be an absolute http(s) URL',
    ]);
    expect(refused({ NOTION_API_URL: 'file:///etc/passwd' }).problems).toEqual([
      'NOTION_API_URL must be an absolute http(s) URL',
    ]);
  });

  it('derives the public URL from HOST and PORT, with 0.0.0.0 shown as 127.0.0.1', () => {
    expect(load({ HOST: 'localhost', PORT: 8080 }).publicUrl).toBe('http://localhost:8080');
    expect(load({ HOST: '0.0.0.0', PORT: 8080 }).publicUrl).toBe('http://127.0.0.1:8080');
  });

  it('reads TRUST_PROXY and LOG_LEVEL, refusing other words with the allowed ones', () => {
    expect(load({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(load({ TRUST_PROXY: 2 }).trustProxy).toBe(2);
    expect(load({ TRUST_PROXY: true }).trustProxy).toBe(true);
    expect(load({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(load({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1, ::1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
    ]);
    for (const bad of ['yes', '10.0.0.0/33', '10.0.0.1/8/1', 'proxy.example']) {
      expect(refused({ TRUST_PROXY: bad }).problems).toEqual([
        expect.stringMatching(/^TRUST_PROXY must be false, a number/),
      ]);
    }
    expect(load({ LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
    expect(refused({ LOG_LEVEL: 'loud' }).problems).toEqual([
      expect.stringMatching(/^LOG_LEVEL must be one of .*debug/),
    ]);
  });

  it('reads REQUEST_LOG (default all), refusing other words with the allowed ones', () => {
    expect(load({}).requestLog).toBe('all');
    expect(load({ REQUEST_LOG: '' }).requestLog).toBe('all');
    expect(load({ REQUEST_LOG: 'failures' }).requestLog).toBe('failures');
    expect(load({ REQUEST_LOG: 'off' }).requestLog).toBe('off');
    expect(refused({ REQUEST_LOG: 'errors' }).problems).toEqual([
      'REQUEST_LOG must be one of all, failures, off',
    ]);
  });

  it('passes a bad TOKEN_ENCRYPTION_KEY on with what is wrong', () => {
    expect(refused({ TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=' }).problems).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY must be 32 bytes in base64 \(got 5 bytes\)/),
    ]);
  });
});

describe('loadConfig in production', () => {
  const production = { NODE_ENV: 'production', PUBLIC_URL: 'https://links.acme.example' };

  it('loads a complete, secure configuration without warnings', () => {
    const config = load(production);
    expect(config.production).toBe(true);
    expect(config.warnings).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an http PUBLIC_URL, and a missing one', () => {
    expect(refused({ ...production, PUBLIC_URL: 'http://links.acme.example' }).problems).toEqual([
      'PUBLIC_URL must be https in production (NODE_ENV=production); got "http://links.acme.example"',
    ]);
    expect(refused({ ...production, PUBLIC_URL: undefined }).problems).toEqual([
      expect.stringMatching(/^PUBLIC_URL must be https in production/),
    ]);
  });

  it('refuses a missing TOKEN_ENCRYPTION_KEY (and generates no development key)', () => {
    const { problems } = refused({ ...production, TOKEN_ENCRYPTION_KEY: undefined });
    expect(problems).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY is missing: .*openssl rand -base64 32/),
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an OAUTH_CLIENT_SECRET shorter than 32 characters', () => {
    expect(refused({ ...production, OAUTH_CLIENT_SECRET: 'x'.repeat(31) }).problems).toEqual([
      expect.stringMatching(/^OAUTH_CLIENT_SECRET is shorter than 32 characters/),
    ]);
    expect(load({ ...production, OAUTH_CLIENT_SECRET: 'x'.repeat(32) }).production).toBe(true);
  });

  it('reports the three insecure settings together', () => {
    const { problems } = refused({
      NODE_ENV: 'production',
      PUBLIC_URL: 'http://links.acme.example',
      TOKEN_ENCRYPTION_KEY: undefined,
      OAUTH_CLIENT_SECRET: 'short',
    });
    expect(problems).toHaveLength(3);
  });
});

describe('loadConfig in development', () => {
  it('warns, rather than refuses, a short secret and plain http', () => {
    const config = load({ OAUTH_CLIENT_SECRET: 'short' });
    expect(config.production).toBe(false);
    expect(config.warnings).toEqual([
      expect.stringMatching(/^OAUTH_CLIENT_SECRET is shorter than 32 characters/),
      expect.stringMatching(/^PUBLIC_URL is http:\/\/127\.0\.0\.1:3000 \(plain http\)/),
    ]);
  });

  it('generates a 0600 key file beside the SQLite file, then reuses it, with a warning each time', () => {
    const first = load({ TOKEN_ENCRYPTION_KEY: undefined });
    const path = join(dir, 'data', 'token-encryption.key');
    expect(first.generatedKeyPath).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(first.warnings).toContainEqual(
      expect.stringContaining(`TOKEN_ENCRYPTION_KEY is not set: using a development key stored in ${path}`),
    );
    expect(first.tokenEncryptionKeys).toHaveLength(1);
    expect(first.tokenEncryptionKeys[0]?.key).toHaveLength(32);
    const contents = readFileSync(path, 'utf8');

    const second = load({ TOKEN_ENCRYPTION_KEY: undefined });
    expect(readFileSync(path, 'utf8')).toBe(contents);
    expect(second.tokenEncryptionKeys[0]?.id).toBe(first.tokenEncryptionKeys[0]?.id);
    expect(second.tokenEncryptionKeys[0]?.key.equals(first.tokenEncryptionKeys[0]!.key)).toBe(true);
    expect(second.warnings).toContainEqual(expect.stringContaining(path));
  });

  it('puts the key beside a SQLite file elsewhere, and in ./data for an in-memory or PostgreSQL database', () => {
    expect(
      load({ TOKEN_ENCRYPTION_KEY: undefined, DATABASE_URL: 'sqlite:./db/app.sqlite' }).generatedKeyPath,
    ).toBe(join(dir, 'db', 'token-encryption.key'));
    expect(existsSync(join(dir, 'db', 'token-encryption.key'))).toBe(true);
    for (const url of ['sqlite::memory:', 'postgres://user@127.0.0.1:5432/app']) {
      expect(load({ TOKEN_ENCRYPTION_KEY: undefined, DATABASE_URL: url }).generatedKeyPath).toBe(
        join(dir, 'data', 'token-encryption.key'),
      );
    }
  });

  it('tightens the permissions of an existing key file to 0600', () => {
    mkdirSync(join(dir, 'data'));
    const path = join(dir, 'data', 'token-encryption.key');
    writeFileSync(path, `dev:${KEY}\n`);
    chmodSync(path, 0o644);
    const config = load({ TOKEN_ENCRYPTION_KEY: undefined });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(config.tokenEncryptionKeys[0]?.key.equals(Buffer.from(KEY, 'base64'))).toBe(true);
  });

  it('reports an unusable key file as a configuration problem naming the file', () => {
    mkdirSync(join(dir, 'data'));
    const path = join(dir, 'data', 'token-encryption.key');
    writeFileSync(path, 'dev:not-a-key\n', { mode: 0o600 });
    const { problems } = refused({ TOKEN_ENCRYPTION_KEY: undefined });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(path);
    expect(problems[0]).toMatch(/set TOKEN_ENCRYPTION_KEY/);
  });
});

describe('loadConfig overrides, freezing and paths', () => {
  it('lets overrides win over env, and falls back to env for what they leave out', () => {
    const config = loadConfig({
      cwd: dir,
      env: { ...REQUIRED, TOKEN_ENCRYPTION_KEY: KEY, PORT: '4000', HOST: 'localhost', OAUTH_SCOPES: 'a' },
      overrides: { PORT: 5000, OAUTH_SCOPES: 'b c' },
    });
    expect(config.port).toBe(5000);
    expect(config.host).toBe('localhost');
    expect(config.oauth.scopes).toEqual(['b', 'c']);
  });

  it('returns a deeply frozen object', () => {
    const config = load();
    expect(Object.isFrozen(config)).toBe(true);
    for (const part of [
      config.notion,
      config.oauth,
      config.oauth.redirectUris,
      config.paths,
      config.warnings,
    ])
      expect(Object.isFrozen(part)).toBe(true);
    expect(Object.isFrozen(config.tokenEncryptionKeys[0])).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.oauth.redirectUris as string[]).push('https://evil.example/cb');
    }).toThrow(TypeError);
  });

  it('does not freeze the DEFAULT_PATHS it copies', () => {
    load();
    expect(Object.isFrozen(DEFAULT_PATHS)).toBe(false);
  });

  it('takes route paths from `paths`, keeping the defaults for the others', () => {
    const config = load({}, { paths: { token: '/oauth/token', unfurl: '/notion/unfurl' } });
    expect(config.paths).toEqual({ ...DEFAULT_PATHS, token: '/oauth/token', unfurl: '/notion/unfurl' });
  });

  it('refuses paths that do not start with "/" or hold unsafe characters, naming each', () => {
    const { problems } = refusal({
      overrides: { ...REQUIRED, TOKEN_ENCRYPTION_KEY: KEY },
      paths: { token: 'oauth/token', unfurl: '/un furl', deletion: '/delete?x=1', health: '' },
    });
    expect(problems).toEqual([
      'path "token" must start with "/" and hold only URL-safe characters',
      'path "unfurl" must start with "/" and hold only URL-safe characters',
      'path "deletion" must start with "/" and hold only URL-safe characters',
      'path "health" must start with "/" and hold only URL-safe characters',
    ]);
  });
});

describe('loadConfig reports everything in one round', () => {
  it('lists schema problems, production checks and bad paths together', () => {
    const { problems } = refusal({
      overrides: {
        NOTION_CLIENT_ID: 'notion-client-id',
        OAUTH_CLIENT_ID: 'notion-link-previews',
        OAUTH_CLIENT_SECRET: 'short',
        NODE_ENV: 'production',
        PUBLIC_URL: 'http://links.acme.example',
        LOG_LEVEL: 'loud',
        ACCESS_TOKEN_TTL: -1,
      } as unknown as ConfigInput,
      paths: { token: 'oauth/token' },
    });
    expect(problems).toEqual([
      expect.stringMatching(/^LOG_LEVEL must be one of/),
      expect.stringMatching(/^NOTION_CLIENT_SECRET is missing/),
      'ACCESS_TOKEN_TTL cannot be negative',
      'PUBLIC_URL must be https in production (NODE_ENV=production); got "http://links.acme.example"',
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY is missing/),
      expect.stringMatching(/^OAUTH_CLIENT_SECRET is shorter than 32 characters/),
      'path "token" must start with "/" and hold only URL-safe characters',
    ]);
  });

  it('writes no development key for a configuration it refuses', () => {
    const { problems } = refused({ LOG_LEVEL: 'loud', TOKEN_ENCRYPTION_KEY: undefined });
    expect(problems).toEqual([expect.stringMatching(/^LOG_LEVEL must be one of/)]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('loadConfig and names close to ours', () => {
  it('warns "did you mean" for a mistyped variable of ours in the environment', () => {
    const config = loadConfig({
      env: { ...REQUIRED, TOKEN_ENCRYPTION_KEY: KEY, NOTION_API_ULR: 'http://127.0.0.1:4000', PATH: '/bin' },
      cwd: dir,
    });
    expect(config.notion.apiUrl).toBe('https://api.notion.com');
    expect(config.warnings).toContain(
      'NOTION_API_ULR is not a setting unfurlkit reads (it is ignored): did you mean NOTION_API_URL?',
    );
    expect(config.warnings.filter((warning) => warning.includes('did you mean'))).toHaveLength(1);
  });
});
