import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from '../app/create-emulator.js';
import { createDefaultLogger } from '../runtime/logger.js';
import type { EmulatorSettingsInput } from '../settings/settings-schema.js';
import { SettingsRejectedError } from '../settings/settings-service.js';

const HELP = `unfurlkit-emulator: Notion's side of the Link Preview protocol, locally.

Usage: unfurlkit-emulator [options]

Options:
  --port <n>             port to listen on (env EMULATOR_PORT, default 4000)
  --host <host>          interface to listen on (default 127.0.0.1)
  --settings <file>      integration settings as JSON (see README); replace the stored ones
  --data <path>          SQLite file for state (default ./data/emulator.db)
  --memory               keep state in memory only (gone at exit)
  --rate-limit <n>       PATCH /v1/external/object requests per minute per connection
                         (env EMULATOR_RATE_LIMIT, default 180)
  --public-url <url>     URL the browser and the integration reach the emulator at
                         (env EMULATOR_PUBLIC_URL, default http://127.0.0.1:<port>)
  --strict               refuse what Notion tolerates (each tolerance is otherwise a warning)
                         (env EMULATOR_STRICT=true)
  --notion-token-ttl <s> lifetime of the Notion tokens issued, in seconds; 0 = never expire, no
                         refresh token (env EMULATOR_NOTION_TOKEN_TTL, default 0)
  --notion-token-owner <user|workspace>
                         the form of owner in /v1/oauth/token answers
                         (env EMULATOR_NOTION_TOKEN_OWNER, default user)
  --log-level <level>    pino level (default info)
  -h, --help             show this help
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
  let values: ReturnType<typeof parse>['values'];
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
  try {
    const port = parsePositive('--port', values.port ?? env.EMULATOR_PORT, true) ?? 4000;
    const rateLimit = parsePositive('--rate-limit', values['rate-limit'] ?? env.EMULATOR_RATE_LIMIT, false);
    const publicUrl = values['public-url'] ?? env.EMULATOR_PUBLIC_URL;
    const strict = values.strict === true || parseBoolean('EMULATOR_STRICT', env.EMULATOR_STRICT);
    const ttl = parsePositive(
      '--notion-token-ttl',
      values['notion-token-ttl'] ?? env.EMULATOR_NOTION_TOKEN_TTL,
      true,
    );
    const owner = parseOwner(values['notion-token-owner'] ?? env.EMULATOR_NOTION_TOKEN_OWNER);
    let settings: unknown;
    if (values.settings) {
      const path = resolve(values.settings);
      try {
        settings = JSON.parse(await readFile(path, 'utf8'));
      } catch (error) {
        throw new Error(`could not read the settings file ${path}: ${(error as Error).message}`);
      }
    }
    const emulator = await startEmulator({
      port,
      ...(values.host ? { host: values.host } : {}),
      ...(publicUrl ? { publicUrl } : {}),
      storage: values.memory ? 'memory' : { sqlitePath: resolve(values.data ?? './data/emulator.db') },
      // Validated by the emulator, which refuses it with every problem listed.
      ...(settings !== undefined ? { settings: settings as EmulatorSettingsInput } : {}),
      ...(rateLimit !== undefined ? { rateLimitPerMinute: rateLimit } : {}),
      strict,
      ...(ttl !== undefined ? { notionTokenTtlSeconds: ttl } : {}),
      ...(owner !== undefined ? { notionTokenOwner: owner } : {}),
      logger: createDefaultLogger(values['log-level'] ?? 'info'),
    });
    const credentials = emulator.notionCredentials();
    out(
      `\nNotion emulator running at ${emulator.url}\n` +
        `  Workspace:  ${emulator.url}/\n  Settings:   ${emulator.url}/settings\n  Lab:        ${emulator.url}/lab\n  Traffic:    ${emulator.url}/traffic\n` +
        (strict ? '  Strict: what Notion tolerates is refused.\n' : '') +
        (ttl ? `  Notion tokens expire after ${ttl} s (refresh grant on POST /v1/oauth/token).\n` : '') +
        `  Set in the integration: NOTION_API_URL=${emulator.url} NOTION_CLIENT_ID=${credentials.clientId}\n` +
        `  (NOTION_CLIENT_SECRET is on the settings page)\n\n`,
    );
    await (io.stopSignal ?? defaultStopSignal());
    await emulator.close();
    return 0;
  } catch (error) {
    if (error instanceof SettingsRejectedError) {
      err(`${error.message}\n`);
      return 1;
    }
    err(`unfurlkit-emulator: ${(error as Error).message}\n`);
    return 1;
  }
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
      strict: { type: 'boolean' },
      'notion-token-ttl': { type: 'string' },
      'notion-token-owner': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
