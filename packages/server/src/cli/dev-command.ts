import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isUnfurlkitError } from '@unfurlkit/core';
import { DevListenError, startDevSession } from '../dev/dev-session.js';
import { type EmulatorModule, importEmulator } from '../dev/emulator-module.js';
import type { CliIo } from './cli-io.js';
import { listenFailure } from './listen-failure.js';
import { loadIntegrationFresh } from './load-integration-module.js';

const HELP = `unfurlkit dev --config <module> [--port 3000] [--emulator-port 4000] [--no-emulator]

Runs the integration and the Notion emulator configured for each other from the module alone: the emulator's
settings are derived from the integration (as \`unfurlkit settings\` prints them), the credentials both sides
share are generated once and kept in ./data/dev-credentials.json, the databases are SQLite files in ./data.
Prints both URLs and a link of each rule to paste. Every save of the module or a file it imports reloads the
integration; connections and previews survive (the database and the emulator keep running).

--port             the integration's port (default 3000; 0 picks a free one)
--emulator-port    the emulator's port (default 4000; 0 picks a free one)
--no-emulator      the integration only, with Notion's side from the environment (NOTION_API_URL,
                   NOTION_CLIENT_ID, NOTION_CLIENT_SECRET); prints what to enter in Notion's dashboard

Other settings (LOG_LEVEL, DATABASE_URL, OAUTH_SCOPES, …) come from the environment as for \`unfurlkit serve\`.`;

/** `unfurlkit dev`: runs until SIGINT/SIGTERM; 0 then, 1 for unusable flags/module/port, 2 without the emulator. */
export async function runDev(
  args: string[],
  io: CliIo,
  deps: { env?: NodeJS.ProcessEnv; importEmulator?: () => Promise<EmulatorModule | undefined> } = {},
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string', short: 'c' },
      port: { type: 'string', default: '3000' },
      'emulator-port': { type: 'string', default: '4000' },
      'no-emulator': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (!values.config) {
    io.err(`--config is required\n\n${HELP}`);
    return 1;
  }
  const port = portNumber(values.port);
  const emulatorPort = portNumber(values['emulator-port']);
  if (port === undefined || emulatorPort === undefined) {
    io.err('--port and --emulator-port are port numbers, 0–65535 (0: any free port)');
    return 1;
  }
  let emulator: EmulatorModule | undefined;
  if (!values['no-emulator']) {
    emulator = await (deps.importEmulator ?? importEmulator)();
    if (!emulator) {
      io.err(
        'unfurlkit dev runs the Notion emulator, which is not installed: npm install -D @unfurlkit/emulator (or run with --no-emulator)',
      );
      return 2;
    }
  }
  const env = deps.env ?? process.env;
  const config = values.config;
  const cwd = process.cwd();
  try {
    const session = await startDevSession({
      load: () => loadIntegrationFresh(config, cwd),
      env,
      cwd,
      dataDir: resolve(cwd, 'data'),
      host: env.HOST?.trim() || '127.0.0.1',
      port,
      emulatorPort,
      ...(emulator ? { emulator } : {}),
      out: io.out,
      describeError: (error) =>
        isUnfurlkitError(error) ? error.message : String((error as Error)?.stack ?? error),
    });
    await new Promise<void>((stop) => {
      process.once('SIGINT', () => stop());
      process.once('SIGTERM', () => stop());
    });
    await session.close();
    return 0;
  } catch (error) {
    if (!(error instanceof DevListenError)) throw error;
    const line = listenFailure(error.reason, { host: env.HOST?.trim() || '127.0.0.1', port: error.port });
    if (line === undefined) throw error.reason;
    // listenFailure names PORT, the variable of `serve`; here the flag moves the port.
    io.err(line.replace(/set PORT to/, `pass ${error.flag} with`).replace('(PORT=0', `(${error.flag} 0`));
    return 1;
  }
}

function portNumber(value: string): number | undefined {
  const port = Number(value);
  return /^\d+$/.test(value) && port <= 65_535 ? port : undefined;
}
