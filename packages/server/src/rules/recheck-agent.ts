import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RedosVerdict, RedosVerdicts } from '@unfurlkit/core';
import {
  ANALYSIS_TIMEOUT_MS,
  type RecheckDiagnostics as Diagnostics,
  screenPatternWith,
  verdictOf,
} from '@unfurlkit/core/redos-policy';

/*
 * recheck's native analyser, asked directly. recheck's JavaScript package (about 3 MB of code) finds this
 * executable and talks to it over stdin/stdout; a server that only screens a few patterns at start-up can do the
 * same without loading that package or starting a Node process to hold it. Same executable, same parameters,
 * same policy (core's `verdictOf`): the same verdicts, under the same keys, as `analyseRedos`.
 */

/** A pattern to screen, as a rule gives it. */
export interface PatternSource {
  source: string;
  flags: string;
}

/**
 * The ReDoS verdicts for `patterns`, by core's verdict key, reached by one short-lived recheck agent that is
 * gone when this resolves. One pattern after the other, so each has the analyser's whole time limit.
 * `undefined` when there is no native agent to ask (no executable for this platform, `RECHECK_BACKEND` asks
 * for another backend, or it would not start): the caller screens another way. A pattern the agent gave no
 * answer for is left out; whoever compiles the rules analyses it then.
 */
export async function screenWithRecheckAgent(
  patterns: readonly PatternSource[],
  { deadlineMs = 60_000 }: { deadlineMs?: number } = {},
): Promise<Array<[string, RedosVerdict]> | undefined> {
  const executable = recheckExecutable();
  if (executable === undefined) return undefined;
  const agent = await RecheckAgent.start(executable);
  if (agent === undefined) return undefined;
  const deadline = setTimeout(() => void agent.close(), deadlineMs);
  const verdicts: Array<[string, RedosVerdict]> = [];
  const recorder: RedosVerdicts = {
    get: () => undefined,
    set: (key, verdict) => void verdicts.push([key, verdict]),
  };
  try {
    for (const { source, flags } of patterns) {
      await screenPatternWith(source, flags, recorder, async (analysedSource, analysedFlags) => {
        const diagnostics = await agent.check(analysedSource, analysedFlags);
        return diagnostics === undefined ? undefined : verdictOf(diagnostics);
      });
    }
  } finally {
    clearTimeout(deadline);
    await agent.close();
  }
  return verdicts;
}

/**
 * Where recheck would find its native executable (its `auto` and `native` backends): `RECHECK_BIN`, else the
 * platform package next to recheck's own. `undefined` when another backend is asked for or none is installed.
 */
export function recheckExecutable(): string | undefined {
  const backend = process.env.RECHECK_BACKEND || 'auto';
  if (backend !== 'auto' && backend !== 'native') return undefined;
  const configured = process.env.RECHECK_BIN;
  if (configured) return existsSync(configured) ? configured : undefined;
  const os = PLATFORMS[process.platform];
  const arch = ARCHITECTURES[process.arch];
  if (os === undefined || arch === undefined) return undefined;
  try {
    const fromRecheck = createRequire(createRequire(import.meta.url).resolve('recheck/package.json'));
    const manifest = fromRecheck.resolve(`recheck-${os}-${arch}/package.json`);
    const executable = join(dirname(manifest), os === 'windows' ? 'recheck.exe' : 'recheck');
    return existsSync(executable) ? executable : undefined;
  } catch {
    return undefined; // the optional platform package is not installed
  }
}

const PLATFORMS: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'macos',
  linux: 'linux',
  win32: 'windows',
};
const ARCHITECTURES: Partial<Record<string, string>> = { x64: 'x64', arm64: 'arm64' };

/**
 * recheck's agent: `recheck agent` reads one JSON-RPC request per line on stdin and writes one response per line
 * (recheck's own dialect, "2.0+push": progress messages carry the request's id and no result).
 */
class RecheckAgent {
  private nextId = 0;
  private buffered = '';
  /** By request id: what resolves its promise with the response's `result` (`undefined`: none came). */
  private readonly waiting = new Map<number, (result: unknown) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => this.receive(chunk));
    child.once('close', () => this.settleAll());
    child.stdin?.on('error', () => this.settleAll());
  }

  /** Started and answering (a first request with an answer), or `undefined`. */
  static async start(executable: string): Promise<RecheckAgent | undefined> {
    let child: ChildProcess;
    try {
      child = spawn(executable, ['agent'], { stdio: ['pipe', 'pipe', 'ignore'], windowsHide: true });
    } catch {
      return undefined;
    }
    const agent = new RecheckAgent(child);
    const failed = new Promise<'failed'>((resolve) => child.once('error', () => resolve('failed')));
    const answered = await Promise.race([agent.request('ping', {}), failed]);
    if (answered === 'failed' || typeof answered !== 'object' || answered === null) {
      await agent.close();
      return undefined;
    }
    return agent;
  }

  /** recheck's diagnostics for one pattern, or `undefined` when the agent gave none (it failed or went away). */
  async check(source: string, flags: string): Promise<Diagnostics | undefined> {
    const result = await this.request('check', { source, flags, params: { timeout: ANALYSIS_TIMEOUT_MS } });
    return isDiagnostics(result) ? result : undefined;
  }

  /** Stops the agent; resolves once it has exited (and been reaped), so nothing of it outlives the screening. */
  close(): Promise<void> {
    this.settleAll();
    this.child.stdin?.destroy();
    const gone = this.child.exitCode !== null || this.child.signalCode !== null;
    if (gone || this.child.pid === undefined) return Promise.resolve(); // exited, or never started (spawn error)
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    return exited;
  }

  private request(method: string, params: object): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      const line = `${JSON.stringify({ jsonrpc: '2.0+push', id, method, params })}\n`;
      if (this.child.stdin?.writable) this.child.stdin.write(line);
      else this.settle(id, undefined);
    });
  }

  private receive(chunk: string): void {
    const lines = (this.buffered + chunk).split('\n');
    this.buffered = lines.pop() ?? '';
    for (const line of lines) {
      let response: { id?: unknown; result?: unknown; message?: unknown };
      try {
        response = JSON.parse(line);
      } catch {
        continue; // not a response (nothing else is written on stdout); the request is settled on close
      }
      if (typeof response.id !== 'number' || response.message !== undefined) continue; // progress
      this.settle(response.id, response.result);
    }
  }

  private settle(id: number, result: unknown): void {
    const resolve = this.waiting.get(id);
    this.waiting.delete(id);
    resolve?.(result);
  }

  private settleAll(): void {
    for (const id of [...this.waiting.keys()]) this.settle(id, undefined);
  }
}

/** What `verdictOf` reads, checked before it is believed (an error response has no result). */
function isDiagnostics(result: unknown): result is Diagnostics {
  if (typeof result !== 'object' || result === null) return false;
  const { status } = result as { status?: unknown };
  if (status === 'safe') return true;
  if (status === 'unknown') return typeof (result as { error?: { kind?: unknown } }).error?.kind === 'string';
  if (status !== 'vulnerable') return false;
  const { complexity, attack } = result as {
    complexity?: { type?: unknown };
    attack?: { pattern?: unknown };
  };
  return typeof complexity?.type === 'string' && typeof attack?.pattern === 'string';
}
