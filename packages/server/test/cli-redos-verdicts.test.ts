import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recheckExecutable } from '../src/rules/recheck-agent.js';
import { BIN, exitCode, fixture, runBin, serveEnv, waitForOutput } from './support/cli-process.js';

/*
 * `unfurlkit serve` remembers the ReDoS verdicts of its rules in the database, so a restart with the same rules
 * runs no analysis (no child process, none of its start-up time). Through the real bin and a real SQLite file:
 * what the start-up line says, and that a remembered verdict is the one believed.
 */

const SCREENED_LINE =
  /(?:"screenedBy":"([a-z-]+)",)?"remembered":(\d+),"screened":(\d+),"msg":"rule patterns screened for ReDoS"/;

/** The pids of a process's children, from /proc. */
function childPids(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number),
  );
}

interface StartUp {
  remembered: number;
  screened: number;
  /** What reached the new verdicts, when any were screened. */
  by?: string;
  /** The server's child processes once it listens (the screening's must be gone). */
  children?: number[];
}

/** Starts `serve` until it listens; answers what its start-up line said of the verdicts, then stops it. */
async function startOnce(
  env: Record<string, string>,
  { children = false, integration = 'good-integration.js' } = {},
): Promise<StartUp> {
  const child = spawn(process.execPath, [BIN, 'serve', '--config', fixture(integration)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const listening = waitForOutput(child, /listening on/, 30_000);
    const line = await waitForOutput(child, SCREENED_LINE, 30_000);
    await listening;
    const started: StartUp = { remembered: Number(line[2]), screened: Number(line[3]) };
    if (line[1] !== undefined) started.by = line[1];
    if (children && child.pid !== undefined) started.children = childPids(child.pid);
    return started;
  } finally {
    child.kill('SIGTERM');
    await exitCode(child, 10_000).catch(() => child.kill('SIGKILL'));
  }
}

describe('unfurlkit serve remembers the ReDoS verdicts of its rules', () => {
  let dir: string;
  let env: Record<string, string>;
  const database = () => new Database(join(dir, 'unfurlkit.db'));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-verdicts-'));
    env = { ...serveEnv(dir), LOG_LEVEL: 'info' };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("screens the patterns on a first start with recheck's native agent, stopped once done, and stores the verdicts", async () => {
    expect(await startOnce(env, { children: true })).toEqual({
      remembered: 0,
      screened: 1,
      by: 'recheck-agent',
      children: [],
    });
    const db = database();
    try {
      const rows = db.prepare('select key, verdict from redos_verdicts').all() as Array<{ key: string }>;
      expect(rows).toEqual([
        { key: expect.stringContaining('cli\\.test'), verdict: '{"problems":[],"warnings":[]}' },
      ]);
    } finally {
      db.close();
    }
  });

  it('a restart with the same rules analyses nothing', async () => {
    expect(await startOnce(env)).toEqual({ remembered: 1, screened: 0 });
  });

  it('believes the remembered verdict: one that says unsafe refuses the rule at start-up', async () => {
    const db = database();
    try {
      db.prepare('update redos_verdicts set verdict = ?').run(
        JSON.stringify({ problems: ['is remembered as unsafe'], warnings: [] }),
      );
    } finally {
      db.close();
    }
    const finished = await runBin(['serve', '--config', fixture('good-integration.js')], { env });
    expect(finished.code).toBe(1);
    expect(finished.stderr).toContain('is remembered as unsafe');
    expect(finished.stdout).not.toMatch(/listening on/);
  });

  it('an unreadable remembered verdict is screened again and replaced; the start goes on', async () => {
    const db = database();
    try {
      db.prepare('update redos_verdicts set verdict = ?').run('{"problems": "not a list"}');
    } finally {
      db.close();
    }
    expect(await startOnce(env)).toEqual({ remembered: 0, screened: 1, by: 'recheck-agent' });
    expect(await startOnce(env)).toEqual({ remembered: 1, screened: 0 });
  });

  it('without the native agent (RECHECK_BACKEND=pure), a Node child screens with the same verdict', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'unfurlkit-verdicts-'));
    try {
      const pure = { ...serveEnv(fresh), LOG_LEVEL: 'info', RECHECK_BACKEND: 'pure' };
      expect(await startOnce(pure, { children: true })).toEqual({
        remembered: 0,
        screened: 1,
        by: 'node-child',
        children: [],
      });
      const db = new Database(join(fresh, 'unfurlkit.db'));
      try {
        expect(db.prepare('select verdict from redos_verdicts').all()).toEqual([
          { verdict: '{"problems":[],"warnings":[]}' },
        ]);
      } finally {
        db.close();
      }
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});

describe('unfurlkit serve with patterns core proves linear', () => {
  let dir: string;
  let marker: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-linear-'));
    // recheck's agent behind a wrapper that leaves a mark when it is started (RECHECK_BIN, as recheck reads it).
    const agent = recheckExecutable();
    if (agent === undefined) throw new Error("recheck's native agent is not installed for this platform");
    marker = join(dir, 'agent-started');
    const wrapper = join(dir, 'recheck-wrapper.sh');
    await writeFile(wrapper, `#!/bin/sh\ntouch '${marker}'\nexec '${agent}' "$@"\n`);
    await chmod(wrapper, 0o755);
    env = { ...serveEnv(dir), LOG_LEVEL: 'info', RECHECK_BIN: wrapper };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts no analyser and stores no verdict for them', async () => {
    expect(await startOnce(env, { integration: 'linear-integration.js' })).toEqual({
      remembered: 0,
      screened: 0,
    });
    expect(existsSync(marker)).toBe(false);
    const db = new Database(join(dir, 'unfurlkit.db'));
    try {
      expect(db.prepare('select count(*) as n from redos_verdicts').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('still starts the agent (through the same wrapper) for a pattern outside the proof', async () => {
    expect(await startOnce(env)).toEqual({ remembered: 0, screened: 1, by: 'recheck-agent' });
    expect(existsSync(marker)).toBe(true);
  });
});
