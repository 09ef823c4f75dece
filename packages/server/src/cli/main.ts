import { isUnfurlkitError } from '@unfurlkit/core';
import type { CliIo } from './cli-io.js';
import { packageVersion } from './package-version.js';

const USAGE = `unfurlkit: the integration server for Notion Link Previews

Usage:
  unfurlkit serve --config <module>    run the server (configuration from the environment; see README);
                                       --no-migrate: apply no migration, refuse a database that is behind
  unfurlkit migrate [--dry-run]        apply pending database migrations (--dry-run: list them)
  unfurlkit dev --config <module>      run the integration and the emulator for each other, reloading on save
  unfurlkit check --config <module>    check the URL rules against their samples and placeholders
  unfurlkit settings --config <module> print what Notion's dashboard (and the emulator) needs
  unfurlkit updates [list|retry …]     show pending and failed pushed updates; retry a failed one
  unfurlkit emulator [options]         run the local Notion emulator (see unfurlkit emulator --help)
  unfurlkit conformance [options]      check an integration against the protocol, as Notion's security review
                                       would (see unfurlkit conformance --help)
  unfurlkit <command> --help           help for one command
  unfurlkit --version                  print the version

<module> is a .js or .ts file whose default export is defineIntegration({...}).`;

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Runs the `unfurlkit` CLI; returns the process exit code. Each command's module is loaded when it runs: `serve`
 * loads none of `dev`'s watcher, front server and emulator glue, nor the other commands' code.
 */
export async function runCli(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await (await import('./serve-command.js')).runServe(rest, io);
      case 'migrate':
        return await (await import('./migrate-command.js')).runMigrate(rest, io);
      case 'dev':
        return await (await import('./dev-command.js')).runDev(rest, io);
      case 'check':
        return await (await import('./check-command.js')).runCheck(rest, io);
      case 'settings':
        return await (await import('./settings-command.js')).runSettings(rest, io);
      case 'updates':
        return await (await import('./updates-command.js')).runUpdates(rest, io);
      case 'emulator':
        return await forwardToEmulator([...rest], io, 1);
      case 'conformance':
        // Usage and setup errors of the checker are exit 2, and so is its absence.
        return await forwardToEmulator(['conformance', ...rest], io, 2);
      case '--version':
      case '-v':
        io.out(packageVersion());
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return command === undefined ? 1 : 0;
      default:
        io.err(`unknown command "${command}"\n\n${USAGE}`);
        return 1;
    }
  } catch (error) {
    if (isArgumentError(error)) {
      // A typo on the command line (unknown option, missing value): the reason, not a stack trace.
      io.err(`${error.message}\n\nRun "unfurlkit ${command} --help" for the options.`);
      return 1;
    }
    io.err(errorLine(error));
    return 1;
  }
}

type EmulatorModule = { runEmulatorCli?: (args: string[]) => Promise<number> };

/**
 * `unfurlkit emulator …` and `unfurlkit conformance …` run the emulator package's CLI, an optional peer: the
 * server must not require the emulator (DESIGN: three packages). Without it, a sentence and `missingCode`.
 */
export async function forwardToEmulator(
  args: string[],
  io: CliIo,
  missingCode: number,
  load: () => Promise<EmulatorModule | undefined> = () =>
    import('@unfurlkit/emulator' as string).catch(() => undefined) as Promise<EmulatorModule | undefined>,
): Promise<number> {
  const emulator = await load();
  if (!emulator?.runEmulatorCli) {
    const command = args[0] === 'conformance' ? 'conformance' : 'emulator';
    io.err(`unfurlkit ${command} needs the package @unfurlkit/emulator: npm install -D @unfurlkit/emulator`);
    return missingCode;
  }
  return emulator.runEmulatorCli(args);
}

/** The errors `parseArgs` throws for a command line it cannot read (`ERR_PARSE_ARGS_*`). */
function isArgumentError(error: unknown): error is Error & { code: string } {
  const code: unknown = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * What the CLI prints for an error that ends it: a config module's place (`file:line:col message`) alone, our
 * own errors with their code, anything else with its stack (a bug to report).
 */
function errorLine(error: unknown): string {
  if (!isUnfurlkitError(error)) return String((error as Error)?.stack ?? error);
  if (error.details.located === true)
    return `${error.message}\n(the module given to --config could not be loaded)`;
  return `${error.code}: ${error.message}`;
}
