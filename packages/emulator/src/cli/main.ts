import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from '../app/create-emulator.js';
import type { EmulatorOptions, RunningEmulator } from '../app/options.js';
import { createDefaultLogger } from '../runtime/logger.js';
import { SettingsRejectedError } from '../settings/settings-service.js';
import { packageVersion } from './package-version.js';

const HELP = `unfurlkit-emulator: Notion's side of the Link Preview protocol, locally.

Usage: unfurlkit-emulator [options]

Options:
  --port <n>             port to listen on (env EMULATOR_PORT, default 4000)
  --host <host>          interface to listen on (default 127.0.0.1)
  --settings <file>      integration settings as JSON, one object or a list (see README); replace the stored ones
  --data <path>          SQLite file for state (default ./data/emulator.db)
  --memory               keep state in memory only (gone at exit)
  --rate-limit <n>       PATCH /v1/external/object requests per minute per connection
                         (env EMULATOR_RATE_LIMIT, default 180)
  --public-url <url>     URL the browser and the integration reach the emulator at
                         (env EMULATOR_PUBLIC_URL, default http://127.0.0.1:<port>)
  --request-timeout <ms> a request's headers and body must arrive within this, else 408
                         (env EMULATOR_REQUEST_TIMEOUT_MS, default 30000)
  --strict               refuse what Notion tolerates (each tolerance is otherwise a warning)
                         (env EMULATOR_STRICT=true)
  --notion-token-ttl <s> lifetime of the Notion tokens issued, in seconds; 0 = never expire, no
                         refresh token (env EMULATOR_NOTION_TOKEN_TTL, default 0)
  --notion-token-owner <user|workspace>
                         the form of owner in /v1/oauth/token answers
                         (env EMULATOR_NOTION_TOKEN_OWNER, default user)
  --log-level <level>    pino level (default info)
  -h, --help             show this help
  -v, --version          print the version
`;

interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the process should stop (SIGINT/SIGTERM); tests pass their own. */
  stopSignal: Promise<void>;
}

function defaultStopSignal(): Promise<void> {
  return new Promise((resolveStop) => {
    process.once('SIGINT', () => resolveStop());
    process.once('SIGTERM', () => resolveStop());
  });
}

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

/**
 * The `unfurlkit-emulator` command. Returns the exit code once the emulator has stopped (on SIGINT/SIGTERM),
 * or at once for `--help` and bad arguments.
 */
export async function runEmulatorCli(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const out = io.out ?? ((text: string) => process.stdout.write(text));
  const err = io.err ?? ((text: string) => process.stderr.write(text));
  const env = io.env ?? process.env;
  let values: CliValues;
  try {
    values = parse(argv).values;
  } catch (error) {
    err(`${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    out(HELP);
    return 0;
  }
  if (values.version) {
    out(`${packageVersion()}\n`);
    return 0;
  }
  let port = 4000;
  try {
    const options = await emulatorOptions(values, env);
    port = options.port ?? 4000;
    const emulator = await startEmulator(options);
    out(banner(emulator, options));
    await (io.stopSignal ?? defaultStopSignal());
    await emulator.close();
    return 0;
  } catch (error) {
    if (error instanceof SettingsRejectedError) {
      err(`${error.message}\n`);
      return 1;
    }
    if ((error as { code?: unknown }).code === 'EADDRINUSE') {
      err(
        `unfurlkit-emulator: port ${port} on ${values.host ?? '127.0.0.1'} is already in use: stop what runs there, or set EMULATOR_PORT (or --port) to a free port\n`,
      );
      return 1;
    }
    err(`unfurlkit-emulator: ${(error as Error).message}\n`);
    return 1;
  }
}

type CliValues = ReturnType<typeof parse>['values'];

/** The emulator's options from the flags, falling back to the environment; throws a sentence on a bad value. */
async function emulatorOptions(values: CliValues, env: NodeJS.ProcessEnv): Promise<EmulatorOptions> {
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

/** What the command prints once the emulator listens: where to go, and what to set in the integration. */
function banner(emulator: RunningEmulator, options: EmulatorOptions): string {
  const { url } = emulator;
  const ttl = options.notionTokenTtlSeconds;
  return (
    `\nNotion emulator running at ${url}\n` +
    `  Workspace:  ${url}/\n  Settings:   ${url}/settings\n  Lab:        ${url}/lab\n  Traffic:    ${url}/traffic\n` +
    (options.strict ? '  Strict: what Notion tolerates is refused.\n' : '') +
    (ttl ? `  Notion tokens expire after ${ttl} s (refresh grant on POST /v1/oauth/token).\n` : '') +
    `  Set in the integration: NOTION_API_URL=${url} NOTION_CLIENT_ID=${emulator.notionCredentials().clientId}\n` +
    `  (NOTION_CLIENT_SECRET: "Reveal secrets" on the settings page, or GET /api/settings?reveal=1)\n` +
    otherIntegrations(emulator) +
    '\n'
  );
}

/** With several integrations, each other one's Notion client id (its secret: GET /api/integrations?reveal=1). */
function otherIntegrations(emulator: RunningEmulator): string {
  const others = emulator.integrations().slice(1);
  return others
    .map(
      (i) => `  ${i.name}: NOTION_CLIENT_ID=${i.notionClientId} (secret: GET /api/integrations?reveal=1)\n`,
    )
    .join('');
}

function parse(argv: string[]) {
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
