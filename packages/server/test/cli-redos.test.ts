import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runBin, serveEnv } from './support/cli-process.js';

/*
 * The ReDoS screening of `unfurlkit serve`, through the real bin: the analysis runs in a short-lived child
 * process (the serving process never loads the analyser), and an unsafe pattern is still refused at start-up.
 */

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
});
