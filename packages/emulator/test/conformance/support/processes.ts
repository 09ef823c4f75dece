import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../../../../..', import.meta.url)));
/** The real `unfurlkit-emulator` bin (it runs the built dist, as an installed package does). */
export const EMULATOR_BIN = join(ROOT, 'packages/emulator/bin/unfurlkit-emulator.js');

/** A port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

/** `unfurlkit serve --config <module>` as a separate process; resolves with it and its URL once it listens. */
export function startServeProcess(
  config: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'packages/server/bin/unfurlkit.js'), 'serve', '--config', config],
    {
      env: { PATH: process.env.PATH ?? '', ...env },
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((done, fail) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`the server did not start within 45 s:\n${output}`)),
      45_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        done({ child, url: match[1] });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
}

/** Stops a child and waits for it (SIGTERM, then SIGKILL after 5 s). */
export function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real bin with `args`, to completion (at most `timeoutMs`). */
export function runEmulatorBin(
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<Finished> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [EMULATOR_BIN, ...args],
      {
        cwd: options.cwd,
        env: { PATH: process.env.PATH ?? '' },
        timeout: options.timeoutMs ?? 30_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}
