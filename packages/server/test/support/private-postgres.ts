import { execFile } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl, its own port and data directory), which the test may
 * stop, restart and freeze. Never the machine's shared server on 5432: other tests and helpers use that one.
 */

const BIN_ROOT = '/usr/lib/postgresql';

/** The newest Debian PostgreSQL bin folder holding initdb and pg_ctl, or undefined when none is installed. */
export function findPostgresBin(): string | undefined {
  if (!existsSync(BIN_ROOT)) return undefined;
  const versions = readdirSync(BIN_ROOT)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  return versions
    .map((version) => join(BIN_ROOT, version, 'bin'))
    .find((bin) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl')));
}

function run(file: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error)
        reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

/** The pids whose parent is `pid` (the postmaster's backends and auxiliary processes). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name, which is in parentheses and may hold spaces: state, ppid, …
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth, loopback only). */
  url: string;
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`: sessions are ended with 57P01, as in a routine restart. */
  stop(): Promise<void>;
  /** SIGSTOP to the postmaster and every backend: the server accepts TCP but never answers. */
  freeze(): void;
  /** SIGCONT to everything `freeze` stopped. */
  thaw(): void;
  /** Thaws, stops immediately and deletes the data directory. Safe to call in any state. */
  destroy(): Promise<void>;
}

/**
 * initdb's a fresh cluster in a temporary folder and starts it on a free loopback port. As root, runs the
 * PostgreSQL binaries as the `postgres` user (initdb refuses root) in a folder that user owns.
 */
export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), 'unfurlkit-private-pg-'));
  const data = join(dir, 'data');
  await mkdir(data, { mode: 0o700 });
  if (asRoot) {
    const [uid, gid] = (await run('id', ['-u', 'postgres'], 5_000)).trim().split('\n').map(Number);
    const group = Number((await run('id', ['-g', 'postgres'], 5_000)).trim());
    for (const path of [dir, data]) chownSync(path, uid!, gid ?? group);
  }
  await chmod(dir, 0o755);
  const pg = (tool: string, args: string[], timeoutMs: number) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], timeoutMs)
      : run(join(bin, tool), args, timeoutMs);
  await pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8'], 30_000);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=30`;
  const log = join(dir, 'postgres.log');
  let frozen: number[] = [];

  const postmasterPid = () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const thaw = () => {
    for (const pid of frozen) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // Already gone.
      }
    }
    frozen = [];
  };
  const cluster: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () =>
      pg('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', '-t', '20', 'start'], 25_000).then(),
    stop: () => pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '20', 'stop'], 25_000).then(),
    freeze() {
      const postmaster = postmasterPid();
      // The postmaster first, so it forks no backend we would miss.
      process.kill(postmaster, 'SIGSTOP');
      frozen.push(postmaster);
      for (const child of childrenOf(postmaster)) {
        process.kill(child, 'SIGSTOP');
        frozen.push(child);
      }
    },
    thaw,
    async destroy() {
      thaw();
      if (existsSync(join(data, 'postmaster.pid'))) {
        await pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '10', 'stop'], 15_000).catch(() => {});
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
