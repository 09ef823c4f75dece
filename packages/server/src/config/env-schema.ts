import { isIP } from 'node:net';
import { DEFAULT_NOTION_REDIRECT_URIS } from '@unfurlkit/core';
import { z } from 'zod';

/**
 * Every environment variable the server reads, with its default and the sentence shown when it is wrong.
 * The table in README.md ("Configuration") mirrors this file; a test keeps them in sync.
 */
const list = (value: string) =>
  value
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);

const seconds = (name: string, fallback: number) =>
  z.coerce
    .number(`${name} must be a whole number of seconds`)
    .int(`${name} must be a whole number of seconds`)
    .min(0, `${name} cannot be negative`)
    .default(fallback);

const required = (name: string, hint: string) =>
  z.string(`${name} is missing: ${hint}`).trim().min(1, `${name} is missing: ${hint}`);

/** A whole number of at least `min` (milliseconds, requests…), with a sentence naming the variable. */
const wholeNumber = (name: string, unit: string, min: number, fallback: number) =>
  z.coerce
    .number(`${name} must be a whole number of ${unit}`)
    .int(`${name} must be a whole number of ${unit}`)
    .min(min, `${name} must be at least ${min}`)
    .default(fallback);

const isHttpUrl = (value: string) => /^https?:$/.test(URL.canParse(value) ? new URL(value).protocol : '');

/** A base URL: trailing slashes are dropped so paths can be appended. */
const httpUrl = (name: string) =>
  z
    .string()
    .trim()
    .refine(isHttpUrl, { message: `${name} must be an absolute http(s) URL` })
    .transform((value) => value.replace(/\/+$/, ''));

/**
 * `TRUST_PROXY`: whose `X-Forwarded-For` to believe for client IPs (the per-IP limits depend on it). `true`
 * believes every hop, which lets a client pick its own IP: prefer the number of proxies in front of the server,
 * or their addresses. Values as Fastify's `trustProxy` takes them.
 */
function parseTrustProxy(value: string): boolean | number | string[] | undefined {
  if (value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const address = (entry: string) => {
    const [ip, bits, extra] = entry.split('/');
    if (extra !== undefined || !ip || isIP(ip) === 0) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(ip) === 4 ? 32 : 128));
  };
  return entries.every(address) ? entries : undefined;
}

/** A secret sent as `Authorization: Bearer <token>`: long enough, and in RFC 6750's b64token alphabet. */
const bearerToken = (name: string, minimum: number) =>
  z
    .string()
    .trim()
    .min(minimum, `${name} must be at least ${minimum} characters (e.g. \`openssl rand -hex 32\`)`)
    .regex(
      /^[A-Za-z0-9\-._~+/]+=*$/,
      `${name} may hold only letters, digits and - . _ ~ + / (e.g. \`openssl rand -hex 32\`)`,
    );

export const envSchema = z.object({
  PORT: z.coerce
    .number('PORT must be a port number, 0–65535 (0: any free port)')
    .int()
    .min(0)
    .max(65_535)
    .default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PUBLIC_URL: httpUrl('PUBLIC_URL').optional(),
  DATABASE_URL: z.string().trim().min(1).default('sqlite:./data/unfurlkit.db'),
  DATABASE_TIMEOUT_MS: wholeNumber('DATABASE_TIMEOUT_MS', 'milliseconds', 100, 5_000),
  DATABASE_POOL_SIZE: wholeNumber('DATABASE_POOL_SIZE', 'connections', 1, 10),
  // At most one second: the staleness docs/operations.md promises for a revocation on another instance.
  BEARER_CACHE_MS: wholeNumber('BEARER_CACHE_MS', 'milliseconds', 0, 1_000).pipe(
    z.number().max(1_000, 'BEARER_CACHE_MS must be at most 1000'),
  ),
  INSTANCE_ID: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]{1,128}$/, 'INSTANCE_ID must be 1 to 128 printable ASCII characters without spaces')
    .optional(),
  SHUTDOWN_TIMEOUT_MS: wholeNumber('SHUTDOWN_TIMEOUT_MS', 'milliseconds', 100, 10_000),
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z
    .enum(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    )
    .default('info'),
  REQUEST_LOG: z
    .enum(['all', 'failures', 'off'], 'REQUEST_LOG must be one of all, failures, off')
    .default('all'),
  NOTION_API_URL: httpUrl('NOTION_API_URL').default('https://api.notion.com'),
  NOTION_CLIENT_ID: required(
    'NOTION_CLIENT_ID',
    "set it to your public integration's OAuth client ID from Notion (or the emulator's, on its settings page)",
  ),
  NOTION_CLIENT_SECRET: required(
    'NOTION_CLIENT_SECRET',
    "set it to your public integration's OAuth client secret from Notion (or the emulator's)",
  ),
  NOTION_TIMEOUT_MS: wholeNumber('NOTION_TIMEOUT_MS', 'milliseconds', 100, 10_000),
  OAUTH_CLIENT_ID: required(
    'OAUTH_CLIENT_ID',
    'set it to the OAuth Client ID you entered in Notion\'s "External Authorization Setup"',
  ),
  OAUTH_CLIENT_SECRET: required(
    'OAUTH_CLIENT_SECRET',
    'set it to the OAuth Client Secret you entered in Notion (a long random string, e.g. `openssl rand -hex 32`)',
  ),
  OAUTH_REDIRECT_URIS: z
    .string()
    .transform(list)
    .pipe(
      // Kept exactly as written, trailing slash included: the allow-list is matched byte for byte (SPEC §2).
      z
        .array(
          z.string().refine(isHttpUrl, {
            error: (issue) =>
              `OAUTH_REDIRECT_URIS entry "${String(issue.input)}" must be an absolute http(s) URL`,
          }),
        )
        .min(1, 'OAUTH_REDIRECT_URIS cannot be empty'),
    )
    .default([...DEFAULT_NOTION_REDIRECT_URIS]),
  OAUTH_SCOPES: z.string().transform(list).default([]),
  ACCESS_TOKEN_TTL: seconds('ACCESS_TOKEN_TTL', 3600),
  REFRESH_TOKEN_TTL: seconds('REFRESH_TOKEN_TTL', 180 * 24 * 3600),
  REFRESH_REUSE_GRACE_SECONDS: seconds('REFRESH_REUSE_GRACE_SECONDS', 10).refine((value) => value <= 300, {
    message:
      'REFRESH_REUSE_GRACE_SECONDS must be at most 300: the window lets a replayed refresh token through',
  }),
  TOKEN_ENCRYPTION_KEY: z.string().trim().min(1).optional(),
  RESOLVER_TIMEOUT_MS: wholeNumber('RESOLVER_TIMEOUT_MS', 'milliseconds', 1, 10_000),
  REQUEST_TIMEOUT_MS: wholeNumber('REQUEST_TIMEOUT_MS', 'milliseconds', 100, 30_000),
  TOKEN_FAILURE_LIMIT_PER_IP: wholeNumber('TOKEN_FAILURE_LIMIT_PER_IP', 'failed requests', 1, 30),
  TOKEN_FAILURE_LIMIT_PER_CLIENT: wholeNumber('TOKEN_FAILURE_LIMIT_PER_CLIENT', 'failed requests', 1, 300),
  AUTHORIZE_RATE_LIMIT: wholeNumber('AUTHORIZE_RATE_LIMIT', 'requests per minute', 1, 120),
  UPDATES_ENABLED: z
    .enum(['true', 'false', '1', '0'])
    .transform((value) => value === 'true' || value === '1')
    .default(true),
  UPDATES_RATE_PER_CONNECTION: z.coerce.number().int().min(0).default(180),
  UPDATES_RATE_PER_INTEGRATION: z.coerce.number().int().min(0).default(180),
  UPDATES_BURST: z.coerce.number().int().min(1).optional(),
  UPDATES_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(8),
  UPDATES_MAX_AGE: seconds('UPDATES_MAX_AGE', 24 * 3600),
  UPDATES_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  UPDATES_BREAKER_THRESHOLD: wholeNumber('UPDATES_BREAKER_THRESHOLD', 'failures', 1, 5),
  UPDATES_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(1_000),
  UPDATES_BACKOFF_CAP_MS: z.coerce.number().int().min(1).default(300_000),
  UPDATES_COALESCE_MS: z.coerce.number().int().min(0).default(250),
  UPDATES_POLL_MS: z.coerce.number().int().min(10).default(250),
  CHANGES_API_TOKEN: bearerToken('CHANGES_API_TOKEN', 32).optional(),
  METRICS_TOKEN: bearerToken('METRICS_TOKEN', 16).optional(),
  PURGE_INTERVAL_SECONDS: z.coerce
    .number('PURGE_INTERVAL_SECONDS must be a whole number of seconds')
    .int('PURGE_INTERVAL_SECONDS must be a whole number of seconds')
    .min(0, 'PURGE_INTERVAL_SECONDS cannot be negative')
    .default(600),
  TRUST_PROXY: z
    .string()
    .trim()
    .transform((value, context) => {
      const parsed = parseTrustProxy(value);
      if (parsed === undefined) {
        context.addIssue({
          code: 'custom',
          message:
            'TRUST_PROXY must be false, a number of proxy hops (e.g. 1), a comma list of proxy addresses or CIDRs, or true (trust X-Forwarded-For entirely)',
        });
        return z.NEVER;
      }
      return parsed;
    })
    .default(false),
});

export type EnvInput = z.input<typeof envSchema>;
export type ParsedEnv = z.output<typeof envSchema>;
