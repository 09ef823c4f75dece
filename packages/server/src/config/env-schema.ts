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
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z
    .enum(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    )
    .default('info'),
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
  TOKEN_ENCRYPTION_KEY: z.string().trim().min(1).optional(),
  RESOLVER_TIMEOUT_MS: wholeNumber('RESOLVER_TIMEOUT_MS', 'milliseconds', 1, 10_000),
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
  UPDATES_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  UPDATES_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(1_000),
  UPDATES_BACKOFF_CAP_MS: z.coerce.number().int().min(1).default(300_000),
  UPDATES_COALESCE_MS: z.coerce.number().int().min(0).default(250),
  UPDATES_POLL_MS: z.coerce.number().int().min(10).default(250),
  CHANGES_API_TOKEN: z.string().trim().min(32, 'CHANGES_API_TOKEN must be at least 32 characters').optional(),
  METRICS_TOKEN: z.string().trim().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'], 'TRUST_PROXY must be true or false (or 1 or 0)')
    .transform((value) => value === 'true' || value === '1')
    .default(false),
});

export type EnvInput = z.input<typeof envSchema>;
export type ParsedEnv = z.output<typeof envSchema>;
