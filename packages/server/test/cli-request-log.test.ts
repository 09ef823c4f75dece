import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, exitCode, fixture, runBin, serveEnv, waitForOutput } from './support/cli-process.js';

/*
 * REQUEST_LOG as an operator sets it: in the environment of the real `unfurlkit serve`, its lines read from the
 * process's stdout. A 200 (/healthz) and a 404 are asked for, in that order; lines are written in order, so once
 * the 404's line is out, the 200's line would be out before it if it were written at all.
 */

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unfurlkit-request-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const REQUEST_LINE = /^\{.*"msg":"request completed"\}$/;

/** The request lines `serve` wrote for a 200 and then a 404, with REQUEST_LOG as given (unset: absent). */
async function requestLinesWith(requestLog: string | undefined): Promise<Array<{ statusCode: number }>> {
  const env = {
    ...serveEnv(dir),
    LOG_LEVEL: 'info',
    ...(requestLog === undefined ? {} : { REQUEST_LOG: requestLog }),
  };
  const child = spawn(process.execPath, [BIN, 'serve', '--config', fixture('good-integration.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  try {
    const [, url] = await waitForOutput(child, /listening on (http:\/\/\S+)/, 30_000);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/no-such-route`)).status).toBe(404);
    // Read from everything stdout gave so far: the line may well be out before the answer reaches this test.
    const deadline = Date.now() + 10_000;
    while (!/"statusCode":404/.test(stdout)) {
      if (Date.now() > deadline) throw new Error(`no line for the 404 within 10 s; got:\n${stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await exitCode(child, 10_000).catch(() => child.kill('SIGKILL'));
  }
  return stdout
    .split('\n')
    .filter((line) => REQUEST_LINE.test(line))
    .map((line) => ({ statusCode: (JSON.parse(line) as { res: { statusCode: number } }).res.statusCode }));
}

describe('unfurlkit serve with REQUEST_LOG', () => {
  it('unset: a line for every answer', async () => {
    expect(await requestLinesWith(undefined)).toEqual([{ statusCode: 200 }, { statusCode: 404 }]);
  });

  it('failures: a line only for the 404', async () => {
    expect(await requestLinesWith('failures')).toEqual([{ statusCode: 404 }]);
  });

  it('refuses another word at start-up, naming the allowed ones', async () => {
    const result = await runBin(['serve', '--config', fixture('good-integration.js')], {
      cwd: dir,
      env: { ...serveEnv(dir), REQUEST_LOG: 'errors' },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('REQUEST_LOG must be one of all, failures, off');
  });
});
