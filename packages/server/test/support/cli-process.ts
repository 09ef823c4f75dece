import { type ChildProcess, execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/cli-io.js';

/** A file of test/fixtures/cli. */
export const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/cli/${name}`, import.meta.url));

/** An io that keeps what the CLI printed. */
export function capture(): { io: CliIo; out: string[]; err: string[]; text: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (line) => out.push(line), err: (line) => err.push(line) },
    out,
    err,
    text: () => [...out, ...err].join('\n'),
  };
}

/** The real `unfurlkit` bin (it runs the built bundle, as an installed package does). */
export const BIN = fileURLToPath(new URL('../../bin/unfurlkit.js', import.meta.url));

/** The environment `serve` needs, and nothing inherited (a developer's own settings must not leak in). */
export function serveEnv(dir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dir, 'unfurlkit.db')}`,
    NOTION_API_URL: 'http://127.0.0.1:9',
    NOTION_CLIENT_ID: 'notion-client-id',
    NOTION_CLIENT_SECRET: 'notion-client-secret',
    OAUTH_CLIENT_ID: 'notion-link-previews',
    OAUTH_CLIENT_SECRET: 'our-client-secret-0123456789abcdef0123456789',
    LOG_LEVEL: 'warn',
  };
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real bin to completion (at most 30 s). */
export function runBin(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; bin?: string; execArgv?: string[] } = {},
): Promise<Finished> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...(options.execArgv ?? []), options.bin ?? BIN, ...args],
      { cwd: options.cwd, env: options.env ?? { PATH: process.env.PATH ?? '' }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Resolves with the first match of `pattern` on the child's stdout; rejects if it exits or `ms` pass first. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let stderr = '';
    const timer = setTimeout(
      () => finish(new Error(`no ${pattern} within ${ms} ms; got:\n${seen}\n${stderr}`)),
      ms,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = pattern.exec(seen);
      if (match) finish(undefined, match);
    };
    const onErr = (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    };
    const onExit = (code: number | null) =>
      finish(new Error(`exited with ${code} before ${pattern}:\n${seen}\n${stderr}`));
    function finish(error?: Error, match?: RegExpMatchArray) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onErr);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(match!);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onErr);
    child.on('exit', onExit);
  });
}

/** The exit code of a child, or a rejection after `ms`. */
export function exitCode(child: ChildProcess, ms: number): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not exit within ${ms} ms`)), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
