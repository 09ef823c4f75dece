import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { pino } from 'pino';
import { startEmulator } from '../app/create-emulator.js';
import type { EmulatorOptions } from '../app/options.js';
import { emulatorOptions, parseCliArgs } from './emulator-options.js';

export const EXEC_HELP = `Usage: unfurlkit-emulator exec [options] -- <command> [args...]

Starts the emulator (in memory, on a free port unless --port), runs <command> with NOTION_API_URL,
NOTION_CLIENT_ID and NOTION_CLIENT_SECRET set to it, stops the emulator and exits with the command's code.
Takes the emulator's options (--settings <file>, --port, --data, --strict, --log-level <level> (default
warn, on stderr)...). The command runs as is, without a shell: write -- sh -c '...' for one.
`;

/** The argv of `exec`, split at the first `--`: the emulator's options, then the command. Pure. */
export function splitExecArgs(argv: string[]): { options: string[]; command: string[] } | { error: string } {
  const separator = argv.indexOf('--');
  if (separator === -1 || separator === argv.length - 1)
    return { error: 'exec needs the command after --, e.g. unfurlkit-emulator exec -- npm test' };
  return { options: argv.slice(0, separator), command: argv.slice(separator + 1) };
}

/** The exit code of a child that ended: its code, or 128 + the signal's number (as a shell reports it). */
export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
}

interface ExecIo {
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/**
 * `unfurlkit-emulator exec [options] -- <command>`: the emulator around one command, for test suites in any
 * language (as Firebase's `emulators:exec`). The command inherits stdio; the emulator logs to stderr.
 */
export async function runExec(argv: string[], io: ExecIo): Promise<number> {
  const split = splitExecArgs(argv);
  // The EMULATOR_* variables apply as to the emulator alone, except the port: a free one unless --port.
  if ('error' in split && (argv.includes('--help') || argv.includes('-h'))) {
    io.err(EXEC_HELP);
    return 0;
  }
  let options: EmulatorOptions;
  try {
    if ('error' in split) throw new Error(split.error);
    const { values } = parseCliArgs(split.options);
    if (values.help) {
      io.err(EXEC_HELP);
      return 0;
    }
    options = await emulatorOptions(
      { ...values, port: values.port ?? '0', memory: values.memory ?? values.data === undefined },
      io.env,
    );
    options.logger = pino(
      { level: values['log-level'] ?? 'warn', name: 'emulator' },
      pino.destination({ dest: 2, sync: true }),
    );
  } catch (error) {
    io.err(`unfurlkit-emulator exec: ${(error as Error).message}\n\n${EXEC_HELP}`);
    return 2;
  }
  const command = (split as { command: string[] }).command;
  const emulator = await startEmulator(options);
  try {
    const { clientId, clientSecret } = emulator.notionCredentials();
    const env = {
      ...io.env,
      NOTION_API_URL: emulator.url,
      NOTION_CLIENT_ID: clientId,
      NOTION_CLIENT_SECRET: clientSecret,
    };
    return await runChild(command, env, io);
  } finally {
    await emulator.close();
  }
}

/** Runs the command to its end, passing on SIGINT/SIGTERM; a command that cannot start is exit code 127. */
function runChild(command: string[], env: NodeJS.ProcessEnv, io: ExecIo): Promise<number> {
  const [file = '', ...args] = command;
  return new Promise((resolve) => {
    const child = spawn(file, args, { env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = (code: number) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code);
    };
    child.once('error', (error) => {
      io.err(`unfurlkit-emulator exec: could not run ${file}: ${error.message}\n`);
      done(127);
    });
    child.once('exit', (code, signal) => done(exitCodeOf(code, signal)));
  });
}
