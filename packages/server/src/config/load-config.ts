import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UnfurlkitError } from '@unfurlkit/core';
import { loadOrCreateDevelopmentKey, parseEncryptionKeys } from '../crypto/encryption-keys.js';
import { urlHost } from '../http/url-host.js';
import { parseDatabaseUrl } from '../store/database-url.js';
import { DEFAULT_PATHS, type RoutePaths, type ServerConfig } from './config.js';
import { defaultBurst } from './default-burst.js';
import { envNameSuggestions } from './env-name-suggestions.js';
import { type EnvInput, envSchema, type ParsedEnv } from './env-schema.js';

/** Configuration given in code: the same names as the environment variables, plus route paths. */
export type ConfigInput = { [K in keyof EnvInput]?: EnvInput[K] | number | boolean };

export interface LoadConfigOptions {
  /** Defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Values that win over the environment. */
  overrides?: ConfigInput;
  paths?: Partial<RoutePaths>;
  /** Where relative paths (the SQLite file, the development key) are resolved; defaults to `process.cwd()`. */
  cwd?: string;
}

/**
 * Reads, validates and freezes the server's configuration, reporting every problem at once with a sentence a
 * person can act on; throws `UNFURLKIT_CONFIG_INVALID`.
 *
 * @example
 * const config = loadConfig({ overrides: { OAUTH_CLIENT_ID: 'notion', OAUTH_CLIENT_SECRET: secret } });
 */
export function loadConfig(options: LoadConfigOptions = {}): ServerConfig {
  const cwd = options.cwd ?? process.cwd();
  const source = options.env ?? process.env;
  // Every problem is reported in one round: the schema's, then the checks on the values it could read.
  const { env, problems } = parseEnv(options.overrides, source);
  const schemaPassed = problems.length === 0;
  const production = env.NODE_ENV === 'production';
  const warnings = envNameSuggestions(Object.keys(source), Object.keys(envSchema.shape));
  const publicUrl =
    env.PUBLIC_URL ?? (env.HOST && env.PORT !== undefined ? `http://${urlHost(env.HOST)}:${env.PORT}` : '');
  if (production && publicUrl !== '' && !publicUrl.startsWith('https://')) {
    problems.push(`PUBLIC_URL must be https in production (NODE_ENV=production); got "${publicUrl}"`);
  }
  const keys = resolveEncryptionKeys(env, { production, cwd, generate: schemaPassed }, problems, warnings);
  if (env.OAUTH_CLIENT_SECRET !== undefined && env.OAUTH_CLIENT_SECRET.length < 32) {
    const message =
      'OAUTH_CLIENT_SECRET is shorter than 32 characters: use a long random secret (`openssl rand -hex 32`)';
    if (production) problems.push(message);
    else warnings.push(message);
  }
  if (!production && publicUrl.startsWith('http://')) {
    warnings.push(
      `PUBLIC_URL is ${publicUrl} (plain http): fine for development, refused with NODE_ENV=production`,
    );
  }
  const paths = { ...DEFAULT_PATHS, ...options.paths };
  for (const [name, path] of Object.entries(paths)) {
    if (!/^\/[\w\-./]*$/.test(path))
      problems.push(`path "${name}" must start with "/" and hold only URL-safe characters`);
  }
  if (problems.length > 0) throw configError(problems);
  return deepFreeze(buildConfig(env as ParsedEnv, { publicUrl, production, paths, warnings, ...keys }));
}

/**
 * The environment variables (code overrides winning) validated by the schema: the values it accepts (defaults
 * included) and a sentence for each it refuses, so later checks still run on the rest.
 */
function parseEnv(
  overrides: ConfigInput | undefined,
  source: Readonly<Record<string, string | undefined>>,
): { env: Partial<ParsedEnv>; problems: string[] } {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = overrides?.[key as keyof ConfigInput] ?? source[key];
    if (value !== undefined && value !== '') raw[key] = typeof value === 'string' ? value : String(value);
  }
  const parsed = envSchema.safeParse(raw);
  if (parsed.success) return { env: parsed.data, problems: [] };
  const problems = parsed.error.issues.map((issue) =>
    issue.message.includes(String(issue.path[0]))
      ? issue.message
      : `${String(issue.path[0])}: ${issue.message}`,
  );
  // The refused values left out, the rest read as usual (a missing required one stays undefined).
  for (const issue of parsed.error.issues) delete raw[String(issue.path[0])];
  const rest = envSchema.partial().safeParse(raw);
  return { env: rest.success ? rest.data : {}, problems };
}

type EncryptionKeySetting = Pick<ServerConfig, 'tokenEncryptionKeys' | 'generatedKeyPath'>;

/**
 * The keys Notion's tokens are sealed with: from TOKEN_ENCRYPTION_KEY, required in production; in development a
 * generated key kept in a file beside the database, with a warning. Problems and warnings are appended.
 */
function resolveEncryptionKeys(
  env: Partial<ParsedEnv>,
  how: { production: boolean; cwd: string; generate: boolean },
  problems: string[],
  warnings: string[],
): EncryptionKeySetting {
  const { production, cwd } = how;
  if (env.TOKEN_ENCRYPTION_KEY) {
    try {
      return { tokenEncryptionKeys: parseEncryptionKeys(env.TOKEN_ENCRYPTION_KEY), generatedKeyPath: null };
    } catch (error) {
      problems.push((error as Error).message);
      return { tokenEncryptionKeys: [], generatedKeyPath: null };
    }
  }
  if (production) {
    problems.push(
      'TOKEN_ENCRYPTION_KEY is missing: in production set it to a 32-byte base64 key (`openssl rand -base64 32`)',
    );
    return { tokenEncryptionKeys: [], generatedKeyPath: null };
  }
  // A configuration refused anyway writes no key file.
  if (!how.generate) return { tokenEncryptionKeys: [], generatedKeyPath: null };
  const generatedKeyPath = join(
    developmentDataDir(env.DATABASE_URL ?? 'sqlite:./data/unfurlkit.db', cwd),
    'token-encryption.key',
  );
  try {
    const tokenEncryptionKeys = loadOrCreateDevelopmentKey(generatedKeyPath);
    warnings.push(
      `TOKEN_ENCRYPTION_KEY is not set: using a development key stored in ${generatedKeyPath}. Set it before production.`,
    );
    return { tokenEncryptionKeys, generatedKeyPath };
  } catch (error) {
    problems.push(
      `TOKEN_ENCRYPTION_KEY is not set and the development key file ${generatedKeyPath} cannot be used (${(error as Error).message}): set TOKEN_ENCRYPTION_KEY, or delete the file to generate a new key (Notion connections sealed with the old one must then reconnect)`,
    );
    return { tokenEncryptionKeys: [], generatedKeyPath };
  }
}

/** The typed configuration from validated variables and the values derived from them (no checks left). */
function buildConfig(
  env: ParsedEnv,
  derived: Pick<ServerConfig, 'publicUrl' | 'production' | 'paths' | 'warnings'> & EncryptionKeySetting,
): ServerConfig {
  const { publicUrl, production, paths, warnings, tokenEncryptionKeys, generatedKeyPath } = derived;
  return {
    port: env.PORT,
    host: env.HOST,
    publicUrl,
    databaseUrl: env.DATABASE_URL,
    databaseTimeoutMs: env.DATABASE_TIMEOUT_MS,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    bearerCacheMs: env.BEARER_CACHE_MS,
    instanceId: env.INSTANCE_ID ?? `${hostname()}:${process.pid}`,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    production,
    logLevel: env.LOG_LEVEL,
    requestLog: env.REQUEST_LOG,
    notion: {
      apiUrl: env.NOTION_API_URL,
      clientId: env.NOTION_CLIENT_ID,
      clientSecret: env.NOTION_CLIENT_SECRET,
      timeoutMs: env.NOTION_TIMEOUT_MS,
    },
    oauth: {
      clientId: env.OAUTH_CLIENT_ID,
      clientSecret: env.OAUTH_CLIENT_SECRET,
      redirectUris: env.OAUTH_REDIRECT_URIS,
      scopes: env.OAUTH_SCOPES,
      accessTokenTtl: env.ACCESS_TOKEN_TTL,
      refreshTokenTtl: env.REFRESH_TOKEN_TTL,
      refreshReuseGraceSeconds: env.REFRESH_REUSE_GRACE_SECONDS,
      codeTtl: 600,
    },
    tokenEncryptionKeys,
    generatedKeyPath,
    resolverTimeoutMs: env.RESOLVER_TIMEOUT_MS,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    tokenFailureLimit: {
      perIp: env.TOKEN_FAILURE_LIMIT_PER_IP,
      perClient: env.TOKEN_FAILURE_LIMIT_PER_CLIENT,
      windowSeconds: 300,
    },
    authorizeRateLimitPerMinute: env.AUTHORIZE_RATE_LIMIT,
    updates: {
      enabled: env.UPDATES_ENABLED,
      perConnection: {
        perMinute: env.UPDATES_RATE_PER_CONNECTION,
        burst: env.UPDATES_BURST ?? defaultBurst(env.UPDATES_RATE_PER_CONNECTION),
      },
      perIntegration: {
        perMinute: env.UPDATES_RATE_PER_INTEGRATION,
        burst: env.UPDATES_BURST ?? defaultBurst(env.UPDATES_RATE_PER_INTEGRATION),
      },
      concurrency: env.UPDATES_CONCURRENCY,
      maxAgeMs: env.UPDATES_MAX_AGE * 1000,
      maxAttempts: env.UPDATES_MAX_ATTEMPTS,
      breakerThreshold: env.UPDATES_BREAKER_THRESHOLD,
      backoff: { baseMs: env.UPDATES_BACKOFF_BASE_MS, capMs: env.UPDATES_BACKOFF_CAP_MS },
      // A claimed row must outlast one delivery: resolving plus one call to Notion, with room to spare.
      leaseMs: env.RESOLVER_TIMEOUT_MS + env.NOTION_TIMEOUT_MS + 5_000,
      coalesceMs: env.UPDATES_COALESCE_MS,
      pollMs: env.UPDATES_POLL_MS,
    },
    changesApiToken: env.CHANGES_API_TOKEN ?? null,
    metricsToken: env.METRICS_TOKEN ?? null,
    purgeIntervalMs: env.PURGE_INTERVAL_SECONDS * 1000,
    trustProxy: env.TRUST_PROXY,
    paths,
    warnings,
  };
}

/** The folder beside the SQLite file (or ./data), where development-only files live. */
function developmentDataDir(databaseUrl: string, cwd: string): string {
  try {
    const location = parseDatabaseUrl(databaseUrl, cwd);
    if (location.kind === 'sqlite' && location.filename !== ':memory:') return dirname(location.filename);
  } catch {
    // An unusable DATABASE_URL is reported when the store opens; the key goes to ./data meanwhile.
  }
  return resolve(cwd, 'data');
}

function configError(problems: string[]): UnfurlkitError {
  return new UnfurlkitError(
    'UNFURLKIT_CONFIG_INVALID',
    `The configuration cannot work:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    { details: { problems } },
  );
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
