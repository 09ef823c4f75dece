import { startEmulator } from '../app/create-emulator.js';
import type { EmulatorOptions, RunningEmulator } from '../app/options.js';
import { SettingsRejectedError } from '../settings/settings-service.js';
import { runConformanceCommand } from './conformance-command.js';
import { type CliValues, emulatorOptions, parseCliArgs } from './emulator-options.js';
import { runExec } from './exec-command.js';
import { packageVersion } from './package-version.js';

const HELP = `unfurlkit-emulator: Notion's side of the Link Preview protocol, locally.

Usage: unfurlkit-emulator [options]
       unfurlkit-emulator exec [options] -- <command>   the emulator around one command (see exec --help)
       unfurlkit-emulator conformance --settings <file> --user <name:password> [options]
                                                         check an integration, rule by rule (see conformance --help)

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

/**
 * The `unfurlkit-emulator` command. Returns the exit code once the emulator has stopped (on SIGINT/SIGTERM),
 * or at once for `--help` and bad arguments.
 */
export async function runEmulatorCli(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const out = io.out ?? ((text: string) => process.stdout.write(text));
  const err = io.err ?? ((text: string) => process.stderr.write(text));
  const env = io.env ?? process.env;
  if (argv[0] === 'exec') return runExec(argv.slice(1), { err, env });
  if (argv[0] === 'conformance')
    return runConformanceCommand(argv.slice(1), { out, err, env, isTty: process.stdout.isTTY === true });
  let values: CliValues;
  try {
    values = parseCliArgs(argv).values;
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
