import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, fixture, runBin, serveEnv, waitForOutput } from './support/cli-process.js';

/*
 * The ReDoS screening of `unfurlkit serve`, through the real bin: the analysis runs in a short-lived child
 * process (the serving process never loads the analyser), and an unsafe pattern is still refused at start-up.
 */

/** Preloaded to record every module a process resolves (support/record-loads.mjs). */
const RECORD_LOADS = fileURLToPath(new URL('./support/record-loads.mjs', import.meta.url));
/** The analyser's code; its package.json (the version in the verdicts' key) is a few bytes and may be read. */
const ANALYSER = /\/node_modules\/recheck\/(?!package\.json$)/m;

describe('unfurlkit serve and an unsafe URL pattern', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-redos-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses to start, naming the rule and the catastrophic backtracking', async () => {
    const finished = await runBin(['serve', '--config', fixture('redos-integration.js')], {
      cwd: dir,
      env: serveEnv(dir),
    });
    expect(finished.code).toBe(1);
    expect(finished.stderr).toContain('rule "nested"');
    expect(finished.stderr).toContain('can backtrack catastrophically');
    expect(finished.stdout).not.toMatch(/listening on/);
  });

  it('serves without ever loading the analyser when the child gave every verdict', async () => {
    const loads = join(dir, 'serve-loads.txt');
    const child = spawn(
      process.execPath,
      ['--import', RECORD_LOADS, BIN, 'serve', '--config', fixture('good-integration.js')],
      { cwd: dir, env: { ...serveEnv(dir), UNFURLKIT_TEST_LOADS: loads }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      await waitForOutput(child, /listening on/, 30_000);
    } finally {
      child.kill('SIGKILL');
    }
    const resolved = await readFile(loads, 'utf8');
    expect(resolved).toMatch(/\/packages\/server\/bundle\/cli\/main\.js$/m);
    expect(resolved).not.toMatch(ANALYSER);
    // Nor the Notion SDK: it is loaded at the first call to Notion (none happens here).
    expect(resolved).not.toMatch(/\/node_modules\/@notionhq\/client\//);
  });

  it('the recording sees the analyser where it is loaded: `unfurlkit check` analyses in its own process', async () => {
    const loads = join(dir, 'check-loads.txt');
    const finished = await runBin(['check', '--config', fixture('good-integration.js')], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', UNFURLKIT_TEST_LOADS: loads },
      execArgv: ['--import', RECORD_LOADS],
    });
    expect(finished.code).toBe(0);
    expect(await readFile(loads, 'utf8')).toMatch(ANALYSER);
  });
});
