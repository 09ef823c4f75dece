import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, exitCode, fixture, runBin, serveEnv, waitForOutput } from './support/cli-process.js';

/*
 * `unfurlkit serve` remembers the ReDoS verdicts of its rules in the database, so a restart with the same rules
 * runs no analysis (no child process, none of its start-up time). Through the real bin and a real SQLite file:
 * what the start-up line says, and that a remembered verdict is the one believed.
 */

const SCREENED_LINE = /"remembered":(\d+),"screened":(\d+),"msg":"rule patterns screened for ReDoS"/;

/** Starts `serve` until it listens; answers what its start-up line said of the verdicts, then stops it. */
async function startOnce(env: Record<string, string>): Promise<{ remembered: number; screened: number }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--config', fixture('good-integration.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const listening = waitForOutput(child, /listening on/, 30_000);
    const line = await waitForOutput(child, SCREENED_LINE, 30_000);
    await listening;
    return { remembered: Number(line[1]), screened: Number(line[2]) };
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

  it('screens the patterns on a first start and stores the verdicts', async () => {
    expect(await startOnce(env)).toEqual({ remembered: 0, screened: 1 });
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
    expect(await startOnce(env)).toEqual({ remembered: 0, screened: 1 });
    expect(await startOnce(env)).toEqual({ remembered: 1, screened: 0 });
  });
});
