import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EmulatorOptions } from '../app/options.js';
import { createDefaultLogger } from '../runtime/logger.js';

function parsePositive(name: string, value: string | undefined, allowZero: boolean): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < (allowZero ? 0 : 1) || !Number.isInteger(number)) {
    throw new Error(
      `${name} must be a${allowZero ? ' non-negative' : ' positive'} whole number, got "${value}"`,
    );
  }
  return number;
}

function parseBoolean(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '') return false;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new Error(`${name} must be true or false, got "${value}"`);
}

function parseOwner(value: string | undefined): 'user' | 'workspace' | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'user' || value === 'workspace') return value;
  throw new Error(`--notion-token-owner must be user or workspace, got "${value}"`);
}

export type CliValues = ReturnType<typeof parseCliArgs>['values'];

/** The emulator's options from the flags, falling back to the environment; throws a sentence on a bad value. */
export async function emulatorOptions(values: CliValues, env: NodeJS.ProcessEnv): Promise<EmulatorOptions> {
  const port = parsePositive('--port', values.port ?? env.EMULATOR_PORT, true) ?? 4000;
  const rateLimit = parsePositive('--rate-limit', values['rate-limit'] ?? env.EMULATOR_RATE_LIMIT, false);
  const publicUrl = values['public-url'] ?? env.EMULATOR_PUBLIC_URL;
  const requestTimeoutMs = parsePositive(
    '--request-timeout',
    values['request-timeout'] ?? env.EMULATOR_REQUEST_TIMEOUT_MS,
    false,
  );
  const strict = values.strict === true || parseBoolean('EMULATOR_STRICT', env.EMULATOR_STRICT);
  const ttl = parsePositive(
    '--notion-token-ttl',
    values['notion-token-ttl'] ?? env.EMULATOR_NOTION_TOKEN_TTL,
    true,
  );
  const owner = parseOwner(values['notion-token-owner'] ?? env.EMULATOR_NOTION_TOKEN_OWNER);
  const settings = values.settings ? await readSettingsFile(values.settings) : undefined;
  return {
    port,
    ...(values.host ? { host: values.host } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    storage: values.memory ? 'memory' : { sqlitePath: resolve(values.data ?? './data/emulator.db') },
    // Validated by the emulator, which refuses it with every problem listed.
    ...(settings !== undefined ? { settings: settings as EmulatorOptions['settings'] } : {}),
    ...(rateLimit !== undefined ? { rateLimitPerMinute: rateLimit } : {}),
    ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
    strict,
    ...(ttl !== undefined ? { notionTokenTtlSeconds: ttl } : {}),
    ...(owner !== undefined ? { notionTokenOwner: owner } : {}),
    logger: createDefaultLogger(values['log-level'] ?? 'info'),
  };
}

async function readSettingsFile(file: string): Promise<unknown> {
  const path = resolve(file);
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`could not read the settings file ${path}: ${(error as Error).message}`);
  }
}

/** The command's flags (`strict`: an unknown flag is an error). */
export function parseCliArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      settings: { type: 'string' },
      data: { type: 'string' },
      memory: { type: 'boolean' },
      'rate-limit': { type: 'string' },
      'public-url': { type: 'string' },
      'log-level': { type: 'string' },
      'request-timeout': { type: 'string' },
      strict: { type: 'boolean' },
      'notion-token-ttl': { type: 'string' },
      'notion-token-owner': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}
